"""The HTTP API: every status code with TestClient, and the same app on a real uvicorn server."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.server import LiveServer


@pytest.fixture
def client(bundled: Settings) -> TestClient:
    return TestClient(create_app(bundled))


def test_health_reports_index_size(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] >= 20 and body["sections"] > body["articles"]


def test_search_shape(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "reject a draft", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "results", "suggestion"}
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert set(first) == {"title", "heading", "path", "url", "snippet", "score"}
    assert first["path"] == "agents/reject-a-draft.md"
    assert first["url"].startswith("/agents/reject-a-draft/")


def test_answer_shape_and_deep_link(client: TestClient) -> None:
    body = client.get("/api/answer", params={"q": "how do I share a link to one section"}).json()
    assert set(body) == {"query", "answer", "confidence", "source", "results", "suggestion"}
    assert body["answer"] and 0.0 <= body["confidence"] <= 1.0 and body["suggestion"] is None
    assert set(body["source"]) == {"title", "heading", "path", "url"}
    assert body["source"]["path"] == "getting-answers/share-a-link-to-a-section.md"
    assert ":~:text=" in body["source"]["url"]


def test_off_topic_answer_is_null_with_related_results(client: TestClient) -> None:
    """No answer is made up, but the Ask box still lists what the search found, as links."""
    body = client.get("/api/answer", params={"q": "how do I bake sourdough bread"}).json()
    assert body["answer"] is None and body["source"] is None
    assert body["results"], "the related results are still listed"
    for result in body["results"]:
        assert set(result) >= {"title", "heading", "path", "url", "snippet", "score"}
        assert result["path"].endswith(".md") and result["url"].startswith("/")


def test_a_question_in_the_customers_own_words_gets_the_right_answer(client: TestClient) -> None:
    """No word of "undo a change I made to a live page" names history or rollback: meaning does."""
    body = client.get("/api/answer", params={"q": "I want to undo a change I made to a live page"}).json()
    assert body["answer"] and body["confidence"] >= 0.35
    assert body["source"]["path"] == "agents/edit-a-published-article.md"
    assert body["source"]["heading"] == "See the history and roll back"


def test_a_message_with_background_gets_the_answer_its_question_gets(client: TestClient) -> None:
    """The Ask box and the search list read "why I ask" + the question as the question."""
    question = "how do I share a link to one section?"
    message = f"My manager keeps asking me for this every Monday morning and I always forget. {question}"
    bare = client.get("/api/answer", params={"q": question}).json()
    told = client.get("/api/answer", params={"q": message}).json()
    assert told["answer"] == bare["answer"] and told["answer"]
    assert told["query"] == message
    listed = client.get("/api/search", params={"q": message}).json()["results"]
    bare_listed = client.get("/api/search", params={"q": question}).json()["results"]
    assert [(r["path"], r["heading"], r["score"]) for r in listed] == [
        (r["path"], r["heading"], r["score"]) for r in bare_listed
    ]


def test_keeping_links_when_renaming_a_heading_gets_the_section_that_says_how(client: TestClient) -> None:
    """Issue 12's example in the Ask box: two articles talk about renaming headings; the quick
    guide that says how (in the words customers use: "without breaking links") answers."""
    body = client.get("/api/answer", params={"q": "how do I stop a link from breaking when I rename a heading"}).json()
    assert body["answer"] and body["confidence"] >= 0.35
    assert body["source"]["path"] == "writers/headings-and-anchors.md"
    assert body["source"]["heading"] == "Rename a heading safely"


def test_a_question_the_docs_only_brush_against_gets_no_answer(client: TestClient) -> None:
    """Hiding an article for a while is not documented; its words match a writing guide's."""
    body = client.get("/api/answer", params={"q": "how do I stop customers seeing an article for a while"}).json()
    assert body["answer"] is None and body["confidence"] < 0.35


def test_suggestion_for_misspelled_query(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "pubish a draft"}).json()
    assert body["suggestion"] == "publish a draft"
    assert body["results"][0]["path"] == "agents/publish-a-draft.md"
    # The Ask box reads /api/answer: it gets the same "Did you mean", the message kept as typed.
    answered = client.get("/api/answer", params={"q": "Hi, how do I pubish a draft? Thanks"}).json()
    assert answered["suggestion"] == "Hi, how do I publish a draft? Thanks"
    assert answered["source"]["path"] == "agents/publish-a-draft.md"


def test_snippets_are_escaped(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "<img src=x onerror=alert(1)> draft"}).json()
    assert len(body["results"]) >= 3  # "draft" finds pages, so the escaping is really exercised
    assert any("<mark>" in result["snippet"] for result in body["results"])
    for result in body["results"]:
        assert "<img" not in result["snippet"]
        assert result["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.parametrize(
    ("url", "status", "code", "fragment"),
    [
        ("/api/search?q=", 422, "invalid_input", "the query 'q' is empty"),
        ("/api/answer?q=%20%20", 422, "invalid_input", "the query 'q' is empty"),
        ("/api/answer?q=" + "x" * 501, 422, "invalid_input", "more than 500"),
        ("/api/search", 422, "invalid_input", "q: Field required"),
        ("/api/search?q=a&limit=0", 422, "invalid_input", "limit"),
        ("/api/search?q=a&limit=abc", 422, "invalid_input", "limit"),
        ("/api/nothing-here", 404, "not_found", "no API endpoint"),
        ("/api/health?x=1", 200, "", ""),
    ],
)
def test_errors_use_one_json_shape(client: TestClient, url: str, status: int, code: str, fragment: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    if code:
        assert response.json()["error"]["code"] == code
        assert fragment in response.json()["error"]["message"]


def test_wrong_method_is_a_json_405(client: TestClient) -> None:
    response = client.post("/api/health")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json() == {"error": {"code": "method_not_allowed", "message": "/api/health takes GET"}}
    assert client.delete("/api/search?q=x").status_code == 405
    assert client.post("/api/nowhere").status_code == 404  # an unknown path stays a 404


def test_no_index_yet_is_503_saying_what_to_run(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    for url in ("/api/health", "/api/search?q=x", "/api/answer?q=x"):
        response = client.get(url)
        assert response.status_code == 503
        assert "kb index" in response.json()["error"]["message"]


def test_index_built_while_serving_is_picked_up(settings: Settings, write: WriteArticle) -> None:
    client = TestClient(create_app(settings))
    assert client.get("/api/health").status_code == 503
    write("billing/a.md")
    build_index(settings)
    assert client.get("/api/health").json()["articles"] == 1


def test_every_search_and_answer_is_logged_with_pii_masked(bundled: Settings, tmp_path: Path) -> None:
    settings = bundled.with_paths(data_dir=tmp_path / "data")
    build_index(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        started = time.perf_counter()
        client.get("/api/search", params={"q": "export for jane.doe@example.com order 1234567890"})
        client.get("/api/answer", params={"q": "how do I publish a draft"})
        client.get("/api/answer", params={"q": "sourdough bread recipe"})
        elapsed_ms = (time.perf_counter() - started) * 1000
        app.state.kb.search_log.flush()
    rows = (
        sqlite3.connect(settings.db_path)
        .execute("SELECT kind, query, top_path, answered, confidence, latency_ms FROM search_log ORDER BY id")
        .fetchall()
    )
    assert [r[0] for r in rows] == ["search", "answer", "answer"]
    assert rows[0][1] == "export for [email] order [order]"
    assert rows[1][2] == "agents/publish-a-draft.md" and rows[1][3] == 1 and rows[1][4] > 0
    assert rows[2][3] == 0
    # Each row holds the time its own request took, in milliseconds: a share of the three requests' time.
    assert all(isinstance(r[5], float) and 0 < r[5] <= elapsed_ms for r in rows), (rows, elapsed_ms)
    assert sum(r[5] for r in rows) <= elapsed_ms


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert {"/api/health", "/api/search", "/api/answer"} <= set(spec["paths"])


def get_json(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_real_server_serves_site_and_api_on_one_port(live_site: LiveServer) -> None:
    status, body = get_json(f"{live_site.url}/api/answer?q=how+do+I+reject+a+draft")
    assert status == 200 and body["answer"]
    status, body = get_json(f"{live_site.url}/api/search?q=")
    assert status == 422 and list(body) == ["error"]
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message"} and error["code"] == "invalid_input"
    assert "the query 'q' is empty" in error["message"]
    with urllib.request.urlopen(f"{live_site.url}/agents/reject-a-draft/", timeout=10) as response:
        html = response.read().decode()
    assert "Reject a draft" in html and "kb-ask__form" in html


def test_real_server_answers_under_concurrency(live_site: LiveServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    questions = ["publish a draft", "what redaction removes", "build the static site", "kb check errors"] * 10
    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(lambda q: get_json(f"{live_site.url}/api/answer?q={q.replace(' ', '+')}")[0], questions)
        )
    assert statuses == [200] * len(questions)


def test_cached_answers_follow_an_updated_index(settings: Settings, write: WriteArticle) -> None:
    from kb.content import load_article
    from kb.index import update_articles
    from tests.support.docs import article_text

    body = "Intro.\n\n## Why the export is empty\n\nThe export is empty when the date filter excludes every row.\n"
    path = write("billing/export.md", article_text(title="Export rows", summary="Choose Export.", body=body))
    build_index(settings)
    app = create_app(settings)
    client = TestClient(app)
    question = {"q": "why is the export empty"}
    assert "date filter" in client.get("/api/answer", params=question).json()["answer"]
    assert "date filter" in client.get("/api/answer", params=question).json()["answer"]  # cached
    path.write_text(path.read_text().replace("date filter", "currency filter"))
    article, _ = load_article(settings.docs_dir, path)
    assert article is not None
    update_articles(settings, [article])
    app.state.kb.index.refresh(force=True)
    assert "currency filter" in client.get("/api/answer", params=question).json()["answer"]


def test_responses_are_gzipped_for_browsers_that_ask(client: TestClient) -> None:
    response = client.get("/api/answer", params={"q": "publish a draft"}, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["answer"]


def test_tokens_match_only_themselves_whatever_their_length() -> None:
    from search_api.auth import token_matches

    token = "s3cret-agent-token-0123456789abcdef"
    assert token_matches(token, token)
    for wrong in ("", "s", token[:-1], token + "x", token.upper(), "x" * 4096):
        assert not token_matches(wrong, token), wrong
    assert not token_matches("", "")  # an unset token matches nothing, not even an empty one


def test_an_oversized_body_is_refused_before_any_token_check(settings: Settings) -> None:
    """Finding 2 of issue 14: an unauthenticated PUT of gigabytes was read and parsed first."""
    import dataclasses

    small = dataclasses.replace(settings, max_body_bytes=10_000, agent_token="t" * 30)
    client = TestClient(create_app(small))
    declared = client.put("/api/drafts/x", content=b"{" + b" " * 20_000 + b"}")
    assert declared.status_code == 413
    error = declared.json()["error"]
    assert error["code"] == "payload_too_large" and "10000 bytes" in error["message"]

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b" " * 1_000

    streamed = client.put("/api/drafts/x", content=chunks())
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "payload_too_large"
    within = client.put("/api/drafts/x", content=b"{}")
    assert within.status_code == 401  # a small body goes on to the token check


@pytest.mark.parametrize("endpoint", ["answer", "search"])
def test_a_search_in_progress_does_not_hold_up_health_pages_or_other_requests(
    live_site: LiveServer, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    import threading

    from kb.index import SectionIndex

    release, entered = threading.Event(), threading.Event()
    original = SectionIndex.search

    def slow_search(self: SectionIndex, text: str, limit: int = 10, engine: str = "bm25f") -> object:
        if "glacial" in text:
            entered.set()
            release.wait(30)
        return original(self, text, limit, engine)

    monkeypatch.setattr(SectionIndex, "search", slow_search)
    slow: dict[str, int] = {}
    worker = threading.Thread(
        target=lambda: slow.update(status=get_json(f"{live_site.url}/api/{endpoint}?q=glacial+question")[0])
    )
    worker.start()
    try:
        assert entered.wait(10), "the slow search never started"
        # While that search is still running, the server answers everything else.
        assert get_json(f"{live_site.url}/api/health")[0] == 200
        with urllib.request.urlopen(f"{live_site.url}/agents/reject-a-draft/", timeout=10) as response:
            assert response.status == 200
        assert get_json(f"{live_site.url}/api/answer?q=publish+a+draft")[0] == 200
        assert worker.is_alive() and "status" not in slow
    finally:
        release.set()
        worker.join(30)
    assert slow == {"status": 200}
