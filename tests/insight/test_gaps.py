"""The content-gap queue: normalising and grouping questions, weekly counts, the two agent actions, the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kb.authoring import check_docs
from kb.cli import app
from kb.config import Settings
from kb.content import load_article, parse_article, split_front_matter
from kb.errors import ConflictError, InputError, NotFoundError
from kb.index import SectionIndex, build_index
from kb.insight import (
    GapGroup,
    Vote,
    find_gap,
    gap_groups,
    gap_to_draft_stub,
    iso_week,
    link_gap_to_article,
    question_key,
    record_vote,
    resolve_gap,
)
from kb.store import Connection, connect
from tests.support.docs import WriteArticle, article_text

NOW = dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC).timestamp()  # a Thursday, ISO week 46
DAY = 86400.0


def log(db: Connection, query: str, ts: float = NOW - 60, *, results: int = 3, answered: bool = False) -> None:
    db.execute(
        "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered, latency_ms)"
        " VALUES (?, 'answer', ?, NULL, NULL, ?, 0.1, ?, 1.0)",
        (ts, query, results, int(answered)),
    )


@pytest.fixture
def db(settings: Settings) -> Iterator[Connection]:
    with closing(connect(settings.database)) as connection:
        yield connection


# ---------------------------------------------------------------------------------------------
# normalising


@pytest.mark.parametrize(
    "variant",
    ["How do I export invoices to CSV?", "export invoice csv", "csv export of invoices!", "Exporting INVOICES, csv"],
)
def test_near_identical_questions_share_a_key(variant: str) -> None:
    assert question_key(variant) == question_key("how do i export my invoices as csv")


@pytest.mark.parametrize("other", ["import invoices csv", "export contacts csv", "export invoices"])
def test_different_questions_have_different_keys(other: str) -> None:
    assert question_key(other) != question_key("export invoices csv")


def test_keys_are_short_and_say_nothing_about_the_customer() -> None:
    key = question_key("refund for anna schmidt")
    assert key.startswith("q:") and len(key) == 14 and "anna" not in key
    assert question_key("How do I?") == question_key("how do i") != question_key("how")


def test_iso_weeks() -> None:
    assert iso_week(NOW) == "2026-W46"
    assert iso_week(dt.datetime(2027, 1, 1, tzinfo=dt.UTC).timestamp()) == "2026-W53"


# ---------------------------------------------------------------------------------------------
# grouping and counting


def test_groups_are_most_frequent_first_with_weekly_counts_and_examples(db: Connection) -> None:
    for ts in (NOW - 60, NOW - 120, NOW - 8 * DAY):
        log(db, "how do i export invoices to csv", ts)
    log(db, "export invoice csv", NOW - 9 * DAY)
    log(db, "exporting my invoices as a csv file", NOW - 3600)  # one stem more: very close
    log(db, "csv export invoic", NOW - 3600, results=0)
    log(db, "reset password", NOW - 60)
    log(db, "pasword reset", NOW - 60)  # a typo
    log(db, "how do i publish a draft", NOW - 60, answered=True)  # answered: not a gap
    log(db, "bake sourdough bread", NOW - 40 * DAY)  # older than the window
    groups = gap_groups(db, 30, now=NOW)
    assert [g.count for g in groups] == [6, 2]
    first = groups[0]
    assert first.key == question_key("export invoices csv")
    assert first.question == "how do i export invoices to csv"
    assert first.weeks == (("2026-W45", 2), ("2026-W46", 4))
    assert first.examples[0] == "how do i export invoices to csv"
    assert set(first.examples) >= {"export invoice csv", "exporting my invoices as a csv file"}
    assert (first.no_answer, first.no_results, first.not_helpful) == (5, 1, 0)
    assert set(first.members) == {question_key("export invoices csv"), question_key("export invoices csv file")}
    assert set(groups[1].examples) == {"reset password", "pasword reset"}
    assert gap_groups(db, 30, now=NOW, limit=1) == groups[:1]
    assert [g.count for g in gap_groups(db, 60, now=NOW)] == [6, 2, 1]


def test_not_helpful_votes_join_the_queue(db: Connection) -> None:
    log(db, "how do i export invoices to csv")
    record_vote(db, Vote(False, query="Export invoices CSV", answer_url="/billing/export/#steps"), now=NOW - 30)
    record_vote(db, Vote(True, query="export invoices csv", answer_url="/billing/export/#steps"), now=NOW - 30)
    record_vote(db, Vote(False, page="billing/refunds.md", comment="It does not say how long it takes"), now=NOW - 10)
    record_vote(db, Vote(False, page="billing/refunds.md"), now=NOW - 20)
    groups = {g.key: g for g in gap_groups(db, 7, now=NOW)}
    question = groups[question_key("export invoices csv")]
    assert question.count == 2 and question.not_helpful == 1 and question.pages == ("/billing/export/#steps",)
    page = groups["page:billing/refunds.md"]
    assert page.is_page and page.page == "billing/refunds.md" and page.count == 2
    assert page.comments == ("It does not say how long it takes",)
    assert page.question == "billing/refunds.md"


def test_resolving_hides_the_group_until_customers_ask_again(db: Connection) -> None:
    log(db, "export invoices csv", NOW - 100)
    log(db, "exporting invoices csv file", NOW - 100)
    [group] = gap_groups(db, 7, now=NOW)
    resolve_gap(db, group, "dismissed", now=NOW - 50)
    assert gap_groups(db, 7, now=NOW) == []
    log(db, "export invoices csv file", NOW - 10)
    [again] = gap_groups(db, 7, now=NOW)
    assert again.count == 1
    with pytest.raises(NotFoundError):
        find_gap(db, group.key, 7, now=NOW - 60 * 60 * 24 * 30)
    assert find_gap(db, question_key("export invoices csv file"), 7, now=NOW).count == 1


def test_days_must_be_positive(db: Connection) -> None:
    with pytest.raises(InputError):
        gap_groups(db, 0)


@pytest.mark.timeout(120)  # a guard against a quadratic blow-up, not a speed claim (that is bench/'s job)
def test_grouping_many_distinct_questions(db: Connection) -> None:
    words = ["invoice", "export", "login", "token", "draft", "billing", "refund", "password", "sync", "report"]
    for i in range(20_000):
        log(db, f"{words[i % 10]} {words[(i // 10) % 10]} thing{i % 2000}", NOW - i)
    groups = gap_groups(db, 30, now=NOW)
    assert groups and sum(g.count for g in groups) == 20_000


# ---------------------------------------------------------------------------------------------
# turn a gap into a draft


def group_for(db: Connection, *queries: str) -> GapGroup:
    for query in queries:
        log(db, query)
    return gap_groups(db, 7, now=NOW)[0]


def test_a_gap_becomes_a_valid_draft_stub_and_leaves_the_queue(settings: Settings, db: Connection) -> None:
    group = group_for(db, "how do i export invoices to csv", "how do i export invoices to csv", "export invoice csv")
    path = gap_to_draft_stub(settings, group, today=dt.date(2026, 11, 12))
    assert path == (settings.docs_dir / "_drafts" / "how-do-i-export-invoices-to-csv.md").resolve()
    text = path.read_text(encoding="utf-8")
    front, body, _ = split_front_matter(text)
    meta = yaml.safe_load(front or "")
    assert meta["title"] == "How do I export invoices to csv"
    assert meta["status"] == "draft"
    assert meta["provenance"] == [f"gap:{question_key('export invoices csv')}"]
    assert meta["questions"] == ["how do i export invoices to csv", "export invoice csv"]
    assert body.startswith("# How do I export invoices to csv\n")
    assert [p for p in check_docs(settings.docs_dir) if p.severity == "error"] == []
    assert [p for p in check_docs(settings.docs_dir) if "unknown front matter" in p.message] == []
    assert gap_groups(db, 7, now=NOW + 1) == []
    second = gap_to_draft_stub(settings, group)
    assert second.name == "how-do-i-export-invoices-to-csv-2.md"


def test_hostile_questions_make_safe_drafts(settings: Settings, db: Connection) -> None:
    group = group_for(db, '../../etc/hosts: "quoted" # not a comment <script>alert(1)</script> {{ x }}')
    path = gap_to_draft_stub(settings, group)
    assert path.parent == (settings.docs_dir / "_drafts").resolve()
    article, problems = load_article(settings.docs_dir, path)
    assert article is not None and [p for p in problems if p.severity == "error"] == []
    assert "<" not in article.title and "{" not in article.title and ":" not in article.title
    assert article.meta["questions"] == [group.question]  # kept, YAML-escaped, as data
    assert article.meta["provenance"] == [f"gap:{group.key}"]


def test_personal_data_never_reaches_a_draft(settings: Settings, db: Connection) -> None:
    group = group_for(db, "refund for order [number] to anna@example.com call +1 415 555 0100")
    text = gap_to_draft_stub(settings, group).read_text()
    assert "@" not in text and "555" not in text


def test_a_question_without_words_cannot_become_a_draft(settings: Settings, db: Connection) -> None:
    with pytest.raises(InputError):
        gap_to_draft_stub(settings, group_for(db, "???"))


def test_page_gaps_are_not_questions(settings: Settings, db: Connection) -> None:
    record_vote(db, Vote(False, page="billing/a.md", comment="unclear"), now=NOW - 10)
    [group] = gap_groups(db, 7, now=NOW)
    with pytest.raises(ConflictError):
        gap_to_draft_stub(settings, group)
    with pytest.raises(ConflictError):
        link_gap_to_article(settings, group, "billing/a.md")


# ---------------------------------------------------------------------------------------------
# link a gap to an existing article

ARTICLE = (
    "---\n"
    "title: Export rows\n"
    "summary: 'Choose Export: the file downloads.'\n"
    "tags: [billing]  # a comment that must survive\n"
    "updated: 2026-01-31\n"
    "---\n"
    "# Export rows\n\nIntro with trailing spaces   \n\n## Steps\n\n1. Open Billing.\r\n2. Export.\n"
)


def test_linking_adds_the_question_to_search_terms_and_keeps_the_body(
    settings: Settings, db: Connection, write: WriteArticle
) -> None:
    path = write("billing/export.md", ARTICLE)
    write("billing/other.md", article_text(title="Other things", summary="Unrelated."))
    build_index(settings)
    group = group_for(db, "download my spreadsheet of invoices", "download spreadsheet invoices")
    assert link_gap_to_article(settings, group, "billing/export.md") == path.resolve()
    text = path.read_bytes().decode()
    _, old_body, _ = split_front_matter(ARTICLE)
    _, body, _ = split_front_matter(text)
    assert text.endswith(ARTICLE[ARTICLE.index("# Export rows") :])  # the body, byte for byte
    assert body == old_body
    assert "tags: [billing]  # a comment that must survive\n" in text
    assert "summary: 'Choose Export: the file downloads.'\n" in text
    article, problems = parse_article("billing/export.md", text)
    assert article is not None and not [p for p in problems if p.severity == "error"]
    assert article.meta["search_terms"] == ["download my spreadsheet of invoices"]
    assert gap_groups(db, 7, now=NOW + 1) == []
    with closing(SectionIndex.open(settings)) as index:
        assert index.search("download my spreadsheet of invoices", 3).hits[0].path == "billing/export.md"
    row = db.execute("SELECT gap, action, target FROM gap_resolution").fetchone()
    assert row == (group.key, "link", "billing/export.md")


def test_linking_twice_does_not_repeat_the_term(
    settings: Settings, db: Connection, write: WriteArticle
) -> None:
    path = write("billing/export.md", article_text(extra="search_terms:\n  - Download Spreadsheet Invoices\n  - csv\n"))
    group = group_for(db, "download spreadsheet invoices")
    link_gap_to_article(settings, group, "billing/export.md")
    meta = yaml.safe_load(split_front_matter(path.read_text())[0] or "")
    assert meta["search_terms"] == ["Download Spreadsheet Invoices", "csv"]


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("../outside.md", InputError),
        ("/etc/passwd", InputError),
        ("_drafts/a.md", InputError),
        ("billing/a.txt", InputError),
        ("billing/missing.md", NotFoundError),
    ],
)
def test_linking_only_to_published_articles(
    settings: Settings, db: Connection, write: WriteArticle, target: str, error: type[Exception]
) -> None:
    write("_drafts/a.md")
    (settings.docs_dir.parent / "outside.md").write_text(article_text())
    group = group_for(db, "download spreadsheet invoices")
    with pytest.raises(error):
        link_gap_to_article(settings, group, target)
    assert len(gap_groups(db, 7, now=NOW)) == 1  # still open


# ---------------------------------------------------------------------------------------------
# the CLI


def test_kb_gaps_lists_groups_with_weeks_and_examples(
    settings: Settings, db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    now = time.time()
    for query in ("how do i export invoices to csv", "export invoice csv", "how do i export invoices to csv"):
        log(db, query, now - 60)
    record_vote(db, Vote(False, page="billing/a.md", comment="The steps skip the <b>token</b>"), now=now - 30)
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KB_DOCS_DIR", str(settings.docs_dir))
    monkeypatch.setenv("KB_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(app, ["gaps", "--days", "7", "--limit", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[0] == "3" and "how do i export invoices to csv" in lines[0]
    assert f"({iso_week(now)}: 3)" in lines[0]
    assert "also asked: export invoice csv" in result.output
    assert 'comment: "The steps skip the <b>token</b>"' in result.output
    empty_data = {"KB_DATA_DIR": str(Path(settings.data_dir) / "x"), "KB_DATABASE_URL": ""}
    empty = CliRunner().invoke(app, ["gaps", "--days", "7"], env=empty_data)
    assert empty.exit_code == 0 and "no content gaps" in empty.output
