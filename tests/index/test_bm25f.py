"""kb's own BM25F scoring: its tables match Whoosh's postings, updates and deletions show at
once, parent headings count, and an index an older kb wrote is rebuilt instead of misread."""

from __future__ import annotations

import json
from contextlib import closing

import numpy as np
from whoosh import index as whoosh_index

from kb.config import Settings
from kb.content import load_article
from kb.index import SectionIndex, build_index, current_index_dir, update_articles
from kb.index.matrix import FIELDS, SegmentTerms, sidecar_path, terms_of_reader
from tests.support.docs import WriteArticle, article_text

NESTED = article_text(
    title="Configure the mobile app",
    summary="Open Settings in the app to change how it behaves.",
    body=(
        "The app keeps its settings per device.\n\n"
        "## Offline mode\n\nThe app can work without a connection.\n\n"
        "### Turn it on\n\nOpen Settings and switch on Keep data on device.\n\n"
        "## Notifications\n\nChoose which alerts the phone shows.\n"
    ),
)
OTHER = article_text(
    title="Invite your team",
    summary="Send invitations from the Members page.",
    body="Invitations expire after seven days.\n\n## Resend an invitation\n\nClick Resend next to the name.\n",
)


def test_the_tables_a_build_writes_hold_exactly_whooshs_postings(
    settings: Settings, write: WriteArticle
) -> None:
    write("app/configure.md", NESTED)
    write("team/invite.md", OTHER)
    build_index(settings)
    folder = current_index_dir(settings)
    assert folder is not None
    reader = whoosh_index.open_dir(str(folder)).reader()
    for leaf, _offset in reader.leaf_readers():
        written = SegmentTerms.load(sidecar_path(folder, leaf.segment()))
        read = terms_of_reader(leaf)
        assert set(written.rows) == set(read.rows)
        for field in range(len(FIELDS)):
            for term in written.rows:
                a, b = written.postings(field, term), read.postings(field, term)
                assert (a is None) == (b is None), (FIELDS[field], term)
                if a is not None and b is not None:
                    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]), (FIELDS[field], term)
        # Whoosh keeps field lengths in one byte (lossy); the tables keep them exact.
        assert np.allclose(written.lengths, read.lengths, rtol=0.15, atol=1)


def test_a_subsection_is_found_by_its_parent_headings_words(settings: Settings, write: WriteArticle) -> None:
    write("app/configure.md", NESTED)
    write("team/invite.md", OTHER)
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        # "offline" is only in the parent heading of "Turn it on", whose body says how.
        hits = index.search("turn on offline mode").hits
        assert hits[0].anchor == "turn-it-on"


def test_an_update_is_scored_at_once_and_a_removed_page_is_gone(settings: Settings, write: WriteArticle) -> None:
    write("app/configure.md", NESTED)
    write("team/invite.md", OTHER)
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        assert index.search("resend invitation").hits[0].path == "team/invite.md"
        path = write(
            "team/invite.md",
            OTHER.replace("Resend an invitation", "Revoke an invitation").replace("Resend", "Revoke"),
        )
        article, _problems = load_article(settings.docs_dir, path)
        assert article is not None
        update_articles(settings, [article])
        index.refresh(force=True)
        assert index.search("revoke invitation").hits[0].anchor == "revoke-an-invitation"
        assert all(hit.anchor != "resend-an-invitation" for hit in index.search("resend invitation").hits)
        update_articles(settings, removed=["team/invite.md"])
        index.refresh(force=True)
        assert all(hit.path != "team/invite.md" for hit in index.search("revoke invitation").hits)


def test_the_fast_path_ranks_like_the_whoosh_reference_here(settings: Settings, write: WriteArticle) -> None:
    write("app/configure.md", NESTED)
    write("team/invite.md", OTHER)
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        for question in ("keep data on device", "alerts on my phone", "invitations expire", "resend"):
            fast = index.search(question, 3).hits
            reference = index.search(question, 3, engine="whoosh").hits
            assert fast[0].key == reference[0].key, question


def test_an_index_written_by_an_older_kb_is_rebuilt_not_misread(settings: Settings, write: WriteArticle) -> None:
    write("team/invite.md", OTHER)
    build_index(settings)
    folder = current_index_dir(settings)
    assert folder is not None
    meta = json.loads((folder / "kb-meta.json").read_text())
    del meta["format"]
    (folder / "kb-meta.json").write_text(json.dumps(meta))
    assert current_index_dir(settings) is None  # readers see no index; kb serve/build rebuild it
    path = write("app/configure.md", NESTED)
    article, _problems = load_article(settings.docs_dir, path)
    assert article is not None
    update_articles(settings, [article])  # an update turns into a full build
    with closing(SectionIndex.open(settings)) as index:
        assert index.search("resend invitation").hits[0].path == "team/invite.md"
        assert index.search("offline mode").hits[0].path == "app/configure.md"
