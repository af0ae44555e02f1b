"""Progress of long work: the callback contract, and how the CLI shows it."""

from __future__ import annotations

import io
import multiprocessing

import pytest

from kb.answers import evaluate_docs
from kb.cli.progress import PlainLines, show_progress
from kb.config import Settings
from kb.drafting import ingest_tickets
from kb.index import build_index
from kb.index import segments as index_segments
from kb.progress import counter
from kb.site import build_site
from tests.support.docs import WriteArticle, article_text
from tests.support.tickets import make_ticket

Call = tuple[str, int, int]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __call__(self, task: str, done: int, total: int) -> None:
        self.calls.append((task, done, total))

    def of(self, task: str) -> list[Call]:
        return [call for call in self.calls if call[0] == task]


def assert_contract(calls: list[Call], total: int) -> None:
    """Starts at 0 of the total, never goes back or past it, ends at the total, few calls."""
    assert calls, "no progress reported"
    assert calls[0][1:] == (0, total)
    done = [call[1] for call in calls]
    assert done == sorted(done) and all(0 <= d <= total for d in done)
    assert {call[2] for call in calls} == {total}
    assert calls[-1][1] == total
    assert len(calls) <= 102


@pytest.mark.parametrize("total", [0, 1, 7, 100, 1001, 50_000])
def test_counter_keeps_the_contract_at_any_size(total: int) -> None:
    recorder = Recorder()
    tick = counter(recorder, "items", total)
    for _ in range(total):
        tick(1)
    tick(5)  # past the end: ignored
    assert_contract(recorder.calls, total)


def test_counter_with_ticks_of_several_items() -> None:
    recorder = Recorder()
    tick = counter(recorder, "items", 10)
    tick(4)
    tick(0)
    tick(6)
    assert recorder.calls == [("items", 0, 10), ("items", 4, 10), ("items", 10, 10)]


def test_plain_lines_print_the_start_and_each_quarter() -> None:
    out = io.StringIO()
    show = PlainLines(out)
    tick = counter(show, "pages", 1234)
    for _ in range(1234):
        tick(1)
    assert out.getvalue().splitlines() == [
        "pages: 0/1,234",
        "pages: 312/1,234 (25%)",
        "pages: 624/1,234 (50%)",
        "pages: 936/1,234 (75%)",
        "pages: 1,234/1,234 (100%)",
    ]


def test_plain_lines_for_empty_work() -> None:
    out = io.StringIO()
    counter(PlainLines(out), "tickets", 0)
    assert out.getvalue().splitlines() == ["tickets: 0/0 (100%)"]


def test_the_terminal_mode_draws_bars_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with show_progress(terminal=True) as progress:
        tick = counter(progress, "pages", 40)
        for _ in range(40):
            tick(1)
    err = capsys.readouterr().err
    assert "pages" in err and "40/40" in err


def test_site_build_counts_every_page_read_and_written(settings: Settings, write: WriteArticle) -> None:
    for number in range(12):
        write(f"billing/a-{number}.md", article_text(title=f"Article {number}"))
    recorder = Recorder()
    result = build_site(settings, progress=recorder)
    assert_contract(recorder.of("reading pages"), result.pages)
    assert_contract(recorder.of("writing pages"), result.pages)
    # Every page is read before the first is written.
    names = [call[0] for call in recorder.calls]
    assert max(i for i, name in enumerate(names) if name == "reading pages") < names.index("writing pages")


@pytest.mark.parametrize("workers", [1, 2])
def test_index_build_counts_articles_also_from_worker_processes(
    settings: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    for number in range(30):
        write(f"billing/a-{number}.md", article_text(title=f"Article {number}"))
    write("billing/broken.md", "---\ntitle: [oops\n---\n# Broken\n")
    monkeypatch.setattr(index_segments, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(index_segments, "worker_count", lambda articles: workers)
    recorder = Recorder()
    stats = build_index(settings, progress=recorder)
    assert stats.articles == 30
    assert_contract(recorder.of("indexing articles"), 31)  # every file counts, also one left out


def test_ingest_counts_tickets(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md", article_text(title="Export invoices"))
    build_index(settings)
    tickets = [make_ticket("1"), make_ticket("2", status="open"), make_ticket("3", subject="Printer jams on page 2")]
    recorder = Recorder()
    ingest_tickets(settings, tickets, progress=recorder)
    assert_contract(recorder.of("tickets"), 3)


def test_eval_counts_questions(settings: Settings, write: WriteArticle) -> None:
    write(
        "billing/a.md",
        article_text(title="Export invoices", extra="questions:\n  - how do I export invoices\n  - export a csv\n"),
    )
    recorder = Recorder()
    evaluate_docs(settings, progress=recorder)
    assert_contract(recorder.of("questions"), 2)
    assert_contract(recorder.of("indexing articles"), 1)
