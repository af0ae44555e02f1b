"""The agent web UI's security: signing in and out, sessions, the sign-in throttle, CSRF tokens,
origin checks, error pages and the content security policy."""

from __future__ import annotations

import dataclasses
import re
import time
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.store import connect
from search_api.agent.session import COOKIE_NAME, SignInThrottle
from tests.support.agent_ui import TOKEN, csrf, quick_app, sign_in
from tests.support.docs import WriteArticle


def log_question(settings: Settings, query: str, times: int = 1) -> None:
    with closing(connect(settings.db_path)) as db:
        for _ in range(times):
            db.execute(
                "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered,"
                " latency_ms) VALUES (?, 'answer', ?, NULL, NULL, 0, 0.1, 0, 1.0)",
                (time.time() - 60, query),
            )


def gap_key(html: str) -> str:
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "no gap in the queue"
    return match.group(1)


# --- signing in -------------------------------------------------------------------------------------


def test_wrong_token_is_refused_and_sets_no_cookie(client: TestClient) -> None:
    first = client.get("/agent", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/agent/sign-in?next=/agent"
    page = client.get("/agent/sign-in")
    assert page.status_code == 200 and 'name="token"' in page.text and 'type="password"' in page.text
    wrong = sign_in(client, "nope")
    assert wrong.status_code == 401 and "not a valid agent token" in wrong.text
    assert "set-cookie" not in wrong.headers
    hook = sign_in(client, "hook-t0ken")  # the webhook token is a real token, but not this one
    assert hook.status_code == 401


def test_right_token_sets_a_signed_http_only_strict_cookie(client: TestClient) -> None:
    response = sign_in(client, f"  {TOKEN} ", next_page="/agent/report")
    assert response.status_code == 303 and response.headers["location"] == "/agent/report"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/agent"} <= flags
    assert "secure" not in flags  # plain http: a Secure cookie would never come back
    assert TOKEN not in cookie
    assert client.get("/agent").status_code == 200


def test_cookie_is_secure_over_https(agent_settings: Settings) -> None:
    client = TestClient(quick_app(agent_settings), base_url="https://testserver")
    cookie = sign_in(client).headers["set-cookie"]
    assert "secure" in {part.strip().lower() for part in cookie.split(";")}


def test_sign_in_only_redirects_to_agent_pages(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/agent", "/api/drafts", "/agentx", "/\\evil.example"):
        assert sign_in(client, next_page=target).headers["location"] == "/agent", target
        client.cookies.clear()


def test_the_ui_says_which_setting_turns_it_on(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    client = TestClient(quick_app(settings))
    page = client.get("/agent/sign-in")
    assert page.status_code == 403 and "KB_AGENT_TOKEN" in page.text and "agent_token" in page.text
    assert 'name="token"' not in page.text
    assert sign_in(client, "").status_code == 403


def test_failed_sign_ins_are_limited(agent_settings: Settings) -> None:
    client = TestClient(quick_app(agent_settings, SignInThrottle(limit=3, delay=0.0)))
    for _ in range(3):
        assert sign_in(client, "guess").status_code == 401
    locked = sign_in(client)  # even the right token waits now
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "set-cookie" not in locked.headers


def test_failed_sign_ins_are_slowed(agent_settings: Settings) -> None:
    client = TestClient(quick_app(agent_settings, SignInThrottle(delay=0.3)))
    start = time.perf_counter()
    sign_in(client, "guess")
    assert time.perf_counter() - start >= 0.3


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/agent"),
        ("GET", "/agent/"),
        ("GET", "/agent/drafts/label-printer"),
        ("GET", "/agent/report"),
        ("POST", "/agent/drafts/label-printer/publish"),
        ("POST", "/agent/drafts/label-printer"),
        ("POST", "/agent/preview"),
        ("POST", "/agent/gaps/draft"),
        ("POST", "/agent/sign-out"),
    ],
)
def test_pages_need_a_session(client: TestClient, method: str, url: str) -> None:
    for cookie in (None, "forged.9999999999.c2lnbmF0dXJl", "x"):
        client.cookies.clear()
        if cookie:
            client.cookies.set(COOKIE_NAME, cookie, path="/agent")
        response = client.request(
            method, url, data={"title": "x"} if method == "POST" else None, follow_redirects=False
        )
        if method == "GET":
            assert response.status_code == 303 and response.headers["location"].startswith("/agent/sign-in?next=/agent")
        else:
            assert response.status_code == 401 and "Sign in again" in response.text
            assert response.headers["content-type"].startswith("text/html")
    assert "label-printer.md" in {p.name for p in (client.app.state.kb.settings.docs_dir / "_drafts").iterdir()}


def test_sign_out_ends_the_session_even_for_a_copied_cookie(agent: TestClient) -> None:
    cookie = agent.cookies.get(COOKIE_NAME)
    out = agent.post("/agent/sign-out", data={"csrf": csrf(agent)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/agent/sign-in?signed_out=1"
    assert "Max-Age=0" in out.headers["set-cookie"] or "expires=" in out.headers["set-cookie"].lower()
    agent.cookies.clear()
    agent.cookies.set(COOKIE_NAME, cookie or "", path="/agent")
    assert agent.get("/agent", follow_redirects=False).status_code == 303


def test_rotating_the_token_signs_everyone_out(agent: TestClient, agent_settings: Settings) -> None:
    rotated = TestClient(quick_app(dataclasses.replace(agent_settings, agent_token="a-new-t0ken")))
    rotated.cookies.set(COOKIE_NAME, agent.cookies.get(COOKIE_NAME) or "", path="/agent")
    assert rotated.get("/agent", follow_redirects=False).status_code == 303


# --- CSRF and origin ----------------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(agent: TestClient, agent_settings: Settings) -> None:
    draft = agent_settings.docs_dir / "_drafts" / "label-printer.md"
    before = draft.read_text()
    for token in (None, "", "bm9wZQ", "x" * 86, "é"):
        data = {"title": "Changed by a forged form", "body": "x"} | ({"csrf": token} if token is not None else {})
        response = agent.post("/agent/drafts/label-printer", data=data, follow_redirects=False)
        assert response.status_code == 403 and "expired" in response.text, token
    assert draft.read_text() == before


def test_a_token_from_another_session_is_refused(agent: TestClient, agent_settings: Settings) -> None:
    other = TestClient(quick_app(agent_settings))
    sign_in(other)
    theirs = csrf(other)
    response = agent.post("/agent/drafts/label-printer", data={"csrf": theirs, "title": "x"}, follow_redirects=False)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {"Origin": "null"}, {"Referer": "http://evil.example/agent"},
     {"Origin": "http://testserver.evil.example"}],
)  # fmt: skip
def test_posts_from_another_origin_are_refused(agent: TestClient, headers: dict[str, str]) -> None:
    token = csrf(agent)
    response = agent.post(
        "/agent/drafts/label-printer", data={"csrf": token, "title": "Forged"}, headers=headers, follow_redirects=False
    )
    assert response.status_code == 403 and "another site" in response.text
    assert "Forged" not in agent.get("/agent").text
    refused = agent.post("/agent/sign-in", data={"token": TOKEN}, headers=headers, follow_redirects=False)
    assert refused.status_code == 403


def test_same_origin_posts_are_accepted(agent: TestClient) -> None:
    response = agent.post(
        "/agent/drafts/label-printer",
        data={"csrf": csrf(agent), "title": "Fix blank labels"},
        headers={"Origin": "http://testserver", "Referer": "http://testserver/agent/drafts/label-printer"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_a_proxy_that_rewrites_host_keeps_forms_working(agent: TestClient) -> None:
    response = agent.post(
        "/agent/drafts/label-printer",
        data={"csrf": csrf(agent), "title": "Fix blank labels"},
        headers={"Origin": "https://help.example.com", "X-Forwarded-Host": "help.example.com"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_errors_are_html_pages(agent: TestClient) -> None:
    for url, status in (("/agent/drafts/missing", 404), ("/agent/drafts/_rejected", 422), ("/agent/nowhere", 404)):
        response = agent.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"].startswith("text/html") and "Back to the review queue" in response.text


def test_pages_have_a_strict_content_security_policy(agent: TestClient) -> None:
    for url in ("/agent", "/agent/drafts/label-printer", "/agent/report", "/agent/sign-in", "/agent/nowhere"):
        response = agent.get(url)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert response.headers["cache-control"] == "no-store"
        assert not re.search(r"<script(?![^>]*\ssrc=)", response.text), url  # no inline script
        assert not re.search(r"\son[a-z]+=", response.text), url  # no inline event handler
        assert "//cdn" not in response.text and "https://" not in response.text.split("</head>")[0]
    script = agent.get("/agent/static/agent.js")
    assert script.status_code == 200 and "innerHTML" in script.text and len(script.content) < 4096
    assert agent.get("/agent/static/agent.css").status_code == 200


def test_the_sign_in_throttle_refuses_after_the_limit_refills_and_forgets_on_success() -> None:
    throttle = SignInThrottle(limit=3, window=30.0, delay=0.0)  # one attempt back every 10 s
    for _ in range(3):
        assert throttle.retry_after("9.9.9.9", now=100.0) == 0
        throttle.failed("9.9.9.9", now=100.0)
    assert throttle.retry_after("9.9.9.9", now=100.0) == 10
    assert throttle.retry_after("8.8.8.8", now=100.0) == 0  # per client, never all agents
    assert throttle.retry_after("9.9.9.9", now=110.5) == 0  # one attempt is back
    throttle.failed("9.9.9.9", now=110.5)
    assert throttle.retry_after("9.9.9.9", now=110.5) > 0
    throttle.succeeded("9.9.9.9")
    assert throttle.retry_after("9.9.9.9", now=110.5) == 0
