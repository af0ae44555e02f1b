"""Searches from many threads at once: no lock serialises them, and none of them sees a
half-updated index or another thread's reader."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from kb.config import Settings
from kb.content import load_article
from kb.index import SectionIndex, build_index, update_articles
from tests.support.docs import WriteArticle, article_text

TOPICS = [
    ("billing", "Pay an invoice", "Invoices are paid from the Billing page.", "card", "refund"),
    ("billing", "Change the plan", "Switch plans on the Plans page.", "upgrade", "downgrade"),
    ("team", "Invite a colleague", "Send invitations from Members.", "invitation", "expire"),
    ("team", "Remove a member", "Members are removed from the Members page.", "seat", "revoke"),
    ("app", "Work offline", "The mobile app keeps notes on the device.", "airplane", "sync"),
    ("app", "Export notes", "Export writes every note to a zip file.", "markdown", "archive"),
]


def _write_corpus(write: WriteArticle) -> None:
    for category, title, summary, first, second in TOPICS:
        slug = title.lower().replace(" ", "-")
        body = (
            f"About {first}.\n\n## The {first} option\n\nSet the {first} option.\n\n"
            f"## When {second}\n\nUse {second}.\n"
        )
        write(f"{category}/{slug}.md", article_text(title=title, summary=summary, body=body))


QUESTIONS = [f"{word} {extra}" for *_, a, b in TOPICS for word in (a, b) for extra in ("option", "page", "notes")]


def _run_together(work: Callable[[str], tuple[str, ...]], questions: list[str]) -> list[tuple[str, ...]]:
    def one(question: str) -> tuple[str, ...]:
        return work(question)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, questions))


def test_searches_in_parallel_threads_rank_exactly_as_one_at_a_time(settings: Settings, write: WriteArticle) -> None:
    _write_corpus(write)
    build_index(settings)
    alone = SectionIndex.open(settings)
    expected = [tuple(h.key for h in alone.search(q).hits) for q in QUESTIONS]
    alone.close()
    together = SectionIndex.open(settings)  # a fresh handle: nothing cached, every search runs
    found = _run_together(lambda q: tuple(h.key for h in together.search(q).hits), QUESTIONS * 3)
    together.close()
    assert found == expected * 3
    assert all(found), "every question finds something"


def test_an_update_while_threads_search_shows_either_the_old_or_the_new_article_never_an_error(
    settings: Settings, write: WriteArticle
) -> None:
    _write_corpus(write)
    build_index(settings)
    index = SectionIndex.open(settings)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: set[str] = set()

    def keep_searching(n: int) -> None:
        while not stop.is_set():
            try:
                for hit in index.search(f"zeppelin mooring {n}", limit=3).hits:
                    seen.add(hit.title)
                index.search(QUESTIONS[n % len(QUESTIONS)])
            except BaseException as exc:  # any failure is the test's finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=keep_searching, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        for version in range(3):
            path = write(
                "app/zeppelin.md",
                article_text(
                    title=f"Moor a zeppelin v{version}",
                    summary="Zeppelin mooring uses the mast.",
                    body="Tie the zeppelin to the mooring mast.\n",
                ),
            )
            article, problems = load_article(settings.docs_dir, path)
            assert article is not None and not problems
            update_articles(settings, [article])
            index.refresh(force=True)
            assert index.search("zeppelin mooring").hits[0].title == f"Moor a zeppelin v{version}"
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        index.close()
    assert errors == []
    assert seen <= {f"Moor a zeppelin v{v}" for v in range(3)}
