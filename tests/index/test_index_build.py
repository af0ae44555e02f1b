"""Full index builds: the fast analysis equals Whoosh's, parallel segments equal one writer."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from kb.config import Settings
from kb.content import load_catalog
from kb.index import SectionIndex, build_index, current_index_dir
from kb.index import segments as index_segments
from kb.index.schema import ANALYZER, article_docs, index_terms
from tests.support.paths import BUNDLED_DOCS

QUESTIONS = ["export invoices", "reset my password", "sso login fails", "delete an account", "api token"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a I x",
        "Hi there 3.141 big-time under_score e.g. v2.1.0 ...dots.. a.b",
        "The **bold** *star* text**with** stars * alone",
        "Straße İstanbul ÉCOLE naïve café's don't it\u2019s",
        "E1042 exporting invoices; the export's settings \u203a Billing",
        "tabs\tand\nnewlines\r\n and    spaces",
        "123 4.5.6 x1 _under_ __dunder__",
    ],
)
def test_index_terms_equal_the_analyzer(text: str) -> None:
    assert index_terms(text) == [token.text for token in ANALYZER(text)]


def test_index_terms_equal_the_analyzer_on_the_bundled_docs() -> None:
    for article in load_catalog(BUNDLED_DOCS).articles:
        for doc in article_docs(article):
            for text in (doc.title, doc.heading, doc.summary, doc.body):
                assert index_terms(text) == [token.text for token in ANALYZER(text)], doc.key


def _contents(settings: Settings) -> tuple[int, list[dict[str, str]], list[tuple[str, bytes, int, float, bytes]]]:
    folder = current_index_dir(settings)
    assert folder is not None
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        stored = [fields for _, fields in reader.iter_docs()]
        postings = list(reader.iter_postings())
        return len(ix._segments()), stored, postings


def _search(settings: Settings) -> list[list[tuple[str, float]]]:
    index = SectionIndex.open(settings)
    try:
        return [[(hit.key, hit.score) for hit in index.search(q).hits] for q in QUESTIONS]
    finally:
        index.close()


@pytest.fixture
def bundled_copy(settings: Settings) -> Settings:
    shutil.rmtree(settings.docs_dir)
    shutil.copytree(BUNDLED_DOCS, settings.docs_dir)
    return settings


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_parallel_build_equals_a_single_writer(
    bundled_copy: Settings, monkeypatch: pytest.MonkeyPatch, start_method: str
) -> None:
    settings = bundled_copy
    single = build_index(settings)
    segments, stored, postings = _contents(settings)
    results = _search(settings)
    assert segments == 1

    monkeypatch.setattr(index_segments, "_context", lambda: multiprocessing.get_context(start_method))
    monkeypatch.setattr(index_segments, "worker_count", lambda articles: 2)
    parallel = build_index(settings)
    parallel_segments, parallel_stored, parallel_postings = _contents(settings)
    assert parallel_segments == 2
    assert (parallel.articles, parallel.sections) == (single.articles, single.sections)
    # The same documents in the same order, and the same postings (read segment by segment).
    assert parallel_stored == stored
    assert sorted(parallel_postings) == sorted(postings)
    assert _search(settings) == results


def test_a_failing_worker_leaves_the_old_index_serving(bundled_copy: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = bundled_copy
    build_index(settings)
    before = current_index_dir(settings)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("worker died")

    # Forked workers see the patched function; spawned ones would import the real one.
    monkeypatch.setattr(index_segments, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(index_segments, "worker_count", lambda articles: 2)
    monkeypatch.setattr(index_segments, "_write_segment", explode)
    with pytest.raises(RuntimeError, match="worker died"):
        build_index(settings)
    assert current_index_dir(settings) == before
    assert [p.name for p in settings.data_dir.glob("index-*")] == [before.name if before else ""]
    assert _search(settings)[0]


def test_building_from_given_articles_equals_building_from_files(
    bundled_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = bundled_copy
    build_index(settings)
    expected = _contents(settings)[1]
    monkeypatch.setattr(index_segments, "worker_count", lambda articles: 2)
    build_index(settings, load_catalog(settings.docs_dir).articles)
    assert _contents(settings)[1] == expected


def test_an_empty_docs_folder_builds_an_empty_index(settings: Settings, tmp_path: Path) -> None:
    stats = build_index(settings)
    assert (stats.articles, stats.sections) == (0, 0)
    assert _contents(settings)[:2] == (0, [])
