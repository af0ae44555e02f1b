"""Feedback votes: validation, redaction, one vote per vote id, rate limiting, the API, the page markup."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.errors import InputError
from kb.index import build_index
from kb.insight import MAX_COMMENT_CHARS, LogEntry, SearchLog, Vote, clean_answer_url, record_vote, validate_vote
from kb.insight.feedback import validate_vote as _validate
from kb.store import Connection, MemoryBuckets, SharedBuckets, connect
from search_api import create_app
from search_api.limits import RateLimiter
from tests.support.docs import WriteArticle
from tests.support.paths import ROOT

# ---------------------------------------------------------------------------------------------
# validation


def test_a_page_vote_and_an_answer_vote_are_valid() -> None:
    assert validate_vote(helpful=True, page="billing/export.md") == Vote(True, page="billing/export.md")
    vote = validate_vote(
        helpful=False,
        query="  How do I   export? ",
        answer_url="/billing/export/#steps:~:text=Open%20Billing",
        comment="  ",
        vote_id="a" * 32,
    )
    assert vote == Vote(False, query="How do I export?", answer_url="/billing/export/#steps", vote_id="a" * 32)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({}, "say what the vote is about"),
        ({"page": "a/b.md", "query": "x", "answer_url": "/a/"}, "not both"),
        ({"page": "../secrets.md"}, "'page' must be"),
        ({"page": "/etc/passwd.md"}, "'page' must be"),
        ({"page": "_drafts/a.md"}, "'page' must be"),
        ({"page": "a/.hidden.md"}, "'page' must be"),
        ({"page": "a/b.html"}, "'page' must be"),
        ({"page": "a/" + "b" * 400 + ".md"}, "longer than"),
        ({"query": "how do I export"}, "'answer_url' is missing"),
        ({"answer_url": "/a/"}, "'query' is empty"),
        ({"query": "x" * 501, "answer_url": "/a/"}, "more than 500"),
        ({"query": "x", "answer_url": "javascript:alert(1)"}, "'answer_url' must be"),
        ({"query": "x", "answer_url": "a b"}, "'answer_url' must be"),
        ({"page": "a/b.md", "comment": "x" * (MAX_COMMENT_CHARS + 1)}, "'comment' is 1001 characters"),
        ({"page": "a/b.md", "vote_id": "short"}, "'vote_id' must be"),
        ({"page": "a/b.md", "vote_id": "<script>alert(1)</script>xx"}, "'vote_id' must be"),
    ],
)
def test_invalid_votes_say_what_is_wrong(fields: dict[str, str], fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        _validate(helpful=True, **fields)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_a_page_must_exist_when_the_docs_are_known(tmp_path: Path) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "billing" / "export.md").write_text("x")
    assert validate_vote(helpful=True, page="billing/export.md", docs_dir=tmp_path).page == "billing/export.md"
    with pytest.raises(InputError, match=r"no article 'billing/nope\.md'"):
        validate_vote(helpful=True, page="billing/nope.md", docs_dir=tmp_path)


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("/a/b/#steps:~:text=Open", "/a/b/#steps"),
        ("/a/b/#:~:text=Open", "/a/b/"),
        ("https://help.example.com/a/#x", "https://help.example.com/a/#x"),
    ],
)
def test_answer_urls_lose_their_text_fragment(url: str, clean: str) -> None:
    assert clean_answer_url(url) == clean


# ---------------------------------------------------------------------------------------------
# storage


@pytest.fixture
def db(database_url: str) -> Iterator[Connection]:
    with closing(connect(database_url)) as connection:
        yield connection


def rows(db: Connection) -> list[tuple[object, ...]]:
    return db.execute("SELECT page, query, answer_url, helpful, comment FROM feedback ORDER BY id").fetchall()


def test_comments_are_redacted_and_queries_masked(db: Connection) -> None:
    comment = "Mail jane.doe@example.com or call +1 415 555 0100 about order 123456789, thanks"
    record_vote(db, Vote(False, query="Export for JOE@example.com 1234567890", answer_url="/a/", comment=comment))
    [(page, query, url, helpful, stored)] = rows(db)
    assert page is None and url == "/a/" and helpful == 0
    assert query == "export for [email] [number]"
    assert isinstance(stored, str)
    assert "@" not in stored and "555" not in stored and "123456789" not in stored
    # "order 123456789" is a labelled identifier for the ticket redactor now (issue 14).
    assert "[email]" in stored and "[phone]" in stored and "[order]" in stored


def test_configured_patterns_are_redacted_too(db: Connection) -> None:
    record_vote(db, Vote(False, page="a/b.md", comment="my account AC-4411 is broken"), patterns={"account": r"AC-\d+"})
    assert rows(db)[0][4] == "my account [account] is broken"


def test_the_comment_after_a_vote_updates_that_vote(db: Connection) -> None:
    vote_id = "v" * 20
    record_vote(db, Vote(False, page="a/b.md", vote_id=vote_id))
    record_vote(db, Vote(False, page="a/b.md", vote_id=vote_id, comment="no steps for Windows"))
    record_vote(db, Vote(True, page="a/b.md", vote_id=vote_id))  # changed their mind; comment stays
    assert rows(db) == [("a/b.md", None, None, 1, "no steps for Windows")]


def test_a_vote_id_cannot_move_a_vote_to_another_page(db: Connection) -> None:
    vote_id = "w" * 20
    record_vote(db, Vote(False, page="a/b.md", vote_id=vote_id, comment="first"))
    record_vote(db, Vote(True, page="a/c.md", vote_id=vote_id, comment="hijack"))
    assert rows(db) == [("a/b.md", None, None, 0, "first")]


def test_votes_without_an_id_each_count(db: Connection) -> None:
    for _ in range(3):
        record_vote(db, Vote(True, page="a/b.md"))
    assert len(rows(db)) == 3


# ---------------------------------------------------------------------------------------------
# rate limiting


def test_the_bucket_allows_a_burst_then_refills() -> None:
    limiter = RateLimiter(burst=3, per_second=0.5)
    assert [limiter.allow("1.2.3.4", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8", now=0.0)  # per client
    assert limiter.retry_after("1.2.3.4", now=0.0) == 2
    assert limiter.allow("1.2.3.4", now=2.0)
    assert not limiter.allow("1.2.3.4", now=2.1)
    assert limiter.allow("1.2.3.4", now=100.0)


@pytest.mark.parametrize("shared", [False, True], ids=["in memory", "shared by workers"])
def test_the_bucket_table_stays_small(database_url: str, shared: bool) -> None:
    buckets = SharedBuckets(database_url, "votes") if shared else MemoryBuckets()
    limiter = RateLimiter(burst=2, per_second=1.0, max_clients=10, buckets=buckets)
    for n in range(50):
        limiter.allow(f"10.0.0.{n}", now=float(n))
    with buckets.transaction() as table:
        assert table.count() <= 11


def test_a_shared_limit_counts_every_process_against_one_bucket(database_url: str) -> None:
    one, other = (
        RateLimiter(burst=3, per_second=0.01, buckets=SharedBuckets(database_url, "votes")) for _ in range(2)
    )
    results = [limiter.allow("10.0.0.1", now=100.0) for limiter in (one, other, one, other)]
    assert results == [True, True, True, False]
    assert other.retry_after("10.0.0.1", now=100.0) == 100


# ---------------------------------------------------------------------------------------------
# the API


@pytest.fixture
def api(bundled: Settings, tmp_path: Path) -> tuple[TestClient, Settings]:
    settings = bundled.with_paths(data_dir=tmp_path / "data")
    build_index(settings)
    return TestClient(create_app(settings)), settings


def stored(settings: Settings) -> list[tuple[object, ...]]:
    with closing(connect(settings.database)) as db:
        return rows(db)


def test_a_vote_is_accepted_and_stored(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    response = client.post(
        "/api/feedback",
        json={"page": "agents/reject-a-draft.md", "helpful": False, "comment": "Where is jane@example.com?"},
    )
    assert response.status_code == 202 and response.json() == {"status": "accepted"}
    assert "set-cookie" not in response.headers
    answer = {"query": "publish a draft", "answer_url": "/agents/publish-a-draft/#steps:~:text=x", "helpful": True}
    assert client.post("/api/feedback", json=answer).status_code == 202
    assert stored(settings) == [
        ("agents/reject-a-draft.md", None, None, 0, "Where is [email]?"),
        (None, "publish a draft", "/agents/publish-a-draft/#steps", 1, None),
    ]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"page": "agents/reject-a-draft.md"}, "helpful: Field required"),
        ({"page": "agents/reject-a-draft.md", "helpful": "yes"}, "helpful"),
        ({"page": "agents/reject-a-draft.md", "helpful": 1}, "helpful"),
        ({"page": "agents/reject-a-draft.md", "helpful": True, "extra": 1}, "extra"),
        ({"page": 5, "helpful": True}, "page"),
        ({"page": "agents/nope.md", "helpful": True}, "no article"),
        ({"page": "../../etc/passwd.md", "helpful": True}, "'page' must be"),
        ({"helpful": True}, "say what the vote is about"),
        ({"page": "agents/reject-a-draft.md", "helpful": True, "comment": "x" * 1001}, "more than 1000"),
        ([1, 2], "object"),
        ("just a string", "object"),
    ],
)
def test_invalid_feedback_is_a_422_with_the_error_shape(
    api: tuple[TestClient, Settings], body: object, fragment: str
) -> None:
    client, settings = api
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    assert fragment in response.json()["error"]["message"]
    assert stored(settings) == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"{not json", "application/json"), (b"", "application/json"), (b'{"helpful": true}', "text/plain")],
)
def test_malformed_bodies_are_422_not_500(api: tuple[TestClient, Settings], content: bytes, content_type: str) -> None:
    client, _ = api
    response = client.post("/api/feedback", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_an_oversized_body_is_refused(api: tuple[TestClient, Settings]) -> None:
    client, _ = api
    response = client.post(
        "/api/feedback", json={"page": "agents/reject-a-draft.md", "helpful": True, "comment": "x" * 20_000}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"


def test_too_many_votes_from_one_client_get_a_429(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    vote = {"page": "agents/reject-a-draft.md", "helpful": True}
    statuses = [client.post("/api/feedback", json=vote).status_code for _ in range(12)]
    assert statuses[:10] == [202] * 10 and statuses[10:] == [429, 429]
    response = client.post("/api/feedback", json=vote)
    assert response.json()["error"]["code"] == "rate_limited"
    assert "wait a few minutes" in response.json()["error"]["message"]
    assert int(response.headers["retry-after"]) > 0
    assert len(stored(settings)) == 10
    assert client.get("/api/answer", params={"q": "publish a draft"}).status_code == 200  # search is not limited


def test_the_feedback_endpoint_is_documented(api: tuple[TestClient, Settings]) -> None:
    client, _ = api
    spec = client.get("/api/openapi.json").json()
    operation = spec["paths"]["/api/feedback"]["post"]
    assert "202" in operation["responses"] and "429" in operation["responses"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"page", "query", "answer_url", "helpful", "comment"} <= set(schema["properties"])


# ---------------------------------------------------------------------------------------------
# the page


def test_article_pages_get_the_feedback_slot_and_other_pages_do_not(bundled: Settings) -> None:
    article = (bundled.site_dir / "agents" / "reject-a-draft" / "index.html").read_text(encoding="utf-8")
    assert '<div class="kb-feedback-slot" data-page="agents/reject-a-draft.md"></div>' in article
    assert "assets/kb/feedback.js" in article
    assert article.index("kb-feedback-slot") > article.index("<h1")
    home = (bundled.site_dir / "index.html").read_text(encoding="utf-8")
    category = (bundled.site_dir / "agents" / "index.html").read_text(encoding="utf-8")
    assert "kb-feedback-slot" not in home and "kb-feedback-slot" not in category


def test_feedback_script_inserts_text_only() -> None:
    script = (ROOT / "kb" / "site" / "theme" / "assets" / "kb" / "feedback.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.cookie" not in script
    assert len(script.encode()) < 8 * 1024


def test_a_page_vote_needs_no_index(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    client = TestClient(create_app(settings))
    assert client.post("/api/feedback", json={"page": "billing/a.md", "helpful": True}).status_code == 202


def test_the_search_log_keeps_no_names_addresses_or_obfuscated_emails() -> None:
    """Finding 7 of issue 14: the log's masks kept names, street addresses and 'name [at] domain'."""
    from kb.insight.searchlog import mask_query

    logged = mask_query(
        "Hi, I'm Gwendolyn Abernathy, 221B Baker Street London; mail gwen [at] example [dot] com 10.1.2.3"
    )
    for kept in ("gwendolyn", "abernathy", "baker street", "example [dot] com", "10.1.2.3"):
        assert kept not in logged, (kept, logged)
    assert mask_query("How do I export invoices to CSV?") == "how do i export invoices to csv?"


def test_votes_and_logged_questions_use_the_sites_phone_regions_and_patterns(settings: Settings) -> None:
    """Issue 14, finding 7: feedback was redacted with US phone formats only, and no log used the
    site's own ``redact_patterns``."""
    site = dataclasses.replace(settings, redact_phone_regions=("ES",), redact_patterns={"member": r"MBR-\d{6}"})
    vote = validate_vote(
        helpful=False,
        query="call me on 612 34 56 78 about MBR-123456",
        answer_url="/billing/export/",
        comment="Still broken. Ring me: 612 34 56 78, member MBR-654321.",
    )
    with closing(connect(site.database)) as db:
        record_vote(db, vote, patterns=site.redact_patterns, region=site.redaction_regions)
        query, comment = db.execute("SELECT query, comment FROM feedback").fetchone()
    for stored in (query, comment):
        assert "612" not in stored and "56 78" not in stored and "MBR-" not in stored.upper(), stored
    log = SearchLog(site.database, site.redaction_regions, patterns=site.redact_patterns)
    log.record(LogEntry("answer", "my number is 612 34 56 78, member MBR-111222", None, None, 0, 0.1, False, 1.0))
    log.close()
    with closing(connect(site.database)) as db:
        [(logged,)] = db.execute("SELECT query FROM search_log").fetchall()
    assert "612" not in logged and "mbr-" not in logged, logged
