"""Property tests (Hypothesis): any article a writer may write never breaks kb check or the index.

For every generated docs tree: ``kb check`` never crashes and reports problems as ``path:line``;
the index builds, and every section with text is found by one of its rare words; an incremental
update of an article gives the same results as a full build.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from kb.authoring import check_docs
from kb.cli import app
from kb.content import Article, load_catalog
from kb.index import SectionIndex, build_index, update_articles
from tests.support.articles import MARKER_RE, article_texts, docs_trees, write_tree

PROBLEM_RE = re.compile(r"^[^\n:]+\.md:\d+: [^\n]+ — [^\n]+$")
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])




def _marked_sections(articles: tuple[Article, ...]) -> dict[str, tuple[str, str]]:
    """marker word → (path, anchor) of the one section whose text holds it."""
    found = {}
    for article in articles:
        if not article.searchable:
            continue
        for section in article.sections:
            for marker in MARKER_RE.findall(section.markdown):
                found[marker] = (article.path, section.anchor)
    return found


def _results(index: SectionIndex, markers: list[str]) -> dict[str, set[tuple[str, str]]]:
    """The sections each marker finds. As a set: Whoosh keeps counting a replaced page's old
    sections in its BM25 statistics until segments merge, so scores (not what is found) may differ."""
    return {m: {(hit.path, hit.anchor) for hit in index.search(m, 20).hits} for m in markers}


@SLOW
@given(tree=docs_trees())
def test_kb_check_never_crashes_and_reports_every_problem_as_path_line(tree: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as base:
        settings_ = write_tree(Path(base), tree)
        for problem in check_docs(settings_.docs_dir):
            assert PROBLEM_RE.match(str(problem)), str(problem)
            assert problem.path in tree
        result = CliRunner().invoke(app, ["check", "--docs", str(settings_.docs_dir)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output


@SLOW
@given(tree=docs_trees())
def test_every_section_with_text_is_found_by_its_rare_word(tree: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as base:
        settings_ = write_tree(Path(base), tree)
        catalog = load_catalog(settings_.docs_dir)
        stats = build_index(settings_)
        assert stats.articles == len(catalog.articles)
        index = SectionIndex.open(settings_)
        for marker, (path, anchor) in _marked_sections(catalog.articles).items():
            hits = [(hit.path, hit.anchor) for hit in index.search(marker, 5).hits]
            assert (path, anchor) in hits, (marker, path, anchor, hits)  # found (a summary quoting it may rank first)


@SLOW
@given(tree=docs_trees(), new_text=article_texts())
def test_an_incremental_update_gives_the_same_results_as_a_full_build(tree: dict[str, str], new_text: str) -> None:
    changed = sorted(tree)[0]
    with tempfile.TemporaryDirectory() as base, tempfile.TemporaryDirectory() as other:
        settings_ = write_tree(Path(base), tree)
        build_index(settings_)
        index = SectionIndex.open(settings_)
        # Markers restart at 1 in new_text: rename them so they stay unique in the tree.
        new_text = MARKER_RE.sub(lambda m: m.group(0).replace("marker", "newmarker"), new_text)
        (settings_.docs_dir / changed).write_bytes(new_text.encode("utf-8"))
        catalog = load_catalog(settings_.docs_dir)
        article = next((a for a in catalog.articles if a.path == changed), None)
        update_articles(settings_, [article] if article else [], [] if article else [changed])
        fresh = write_tree(Path(other), {**tree, changed: new_text})
        build_index(fresh)
        markers = sorted(set(MARKER_RE.findall("".join(tree.values()) + new_text)))
        index.refresh(force=True)  # a running server picks the update up within half a second
        incremental = _results(index, markers)
        full = _results(SectionIndex.open(fresh), markers)
        assert incremental == full
        for marker, section in _marked_sections(load_catalog(fresh.docs_dir).articles).items():
            assert section in incremental[marker], (marker, section)
