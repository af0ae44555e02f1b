"""Property tests (Hypothesis): any article a writer may write builds into the site, and a partial
update after an edit (what publishing does) leaves exactly the pages a full build would."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from kb.content import load_catalog
from kb.site import build_site, update_sites
from tests.support.articles import MARKER_RE, article_texts, docs_trees, write_tree
from tests.support.sites import assert_same_as_a_full_build

# A site build takes about a second: a few examples per run, and Hypothesis's database replays
# any failure it ever found first.
BUILDS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])




@BUILDS
@given(tree=docs_trees())
def test_the_site_builds_a_page_for_every_article(tree: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as base:
        settings_ = write_tree(Path(base), tree)
        result = build_site(settings_)
        catalog = load_catalog(settings_.docs_dir)
        for article in catalog.articles:
            page = (result.site_dir / article.url / "index.html").read_text(encoding="utf-8")
            for marker in MARKER_RE.findall(article.body):
                assert marker in page, (article.path, marker)
            for section in article.sections:
                if section.anchor:
                    assert f'id="{section.anchor}"' in page, (article.path, section.anchor)


@BUILDS
@given(tree=docs_trees(), new_text=article_texts())
def test_a_partial_update_leaves_the_pages_a_full_build_would(tree: dict[str, str], new_text: str) -> None:
    changed = sorted(tree)[-1]
    with tempfile.TemporaryDirectory() as base:
        settings_ = write_tree(Path(base), tree)
        build_site(settings_)
        (settings_.docs_dir / changed).write_bytes(new_text.encode("utf-8"))
        update_sites(settings_, changed=[changed], removed=[])
        assert_same_as_a_full_build(settings_, settings_.site_dir, False, Path(base))
