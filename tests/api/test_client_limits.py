"""Limits per visitor (issue 14, findings 6 and 8): questions per minute, wrong bearer tokens, and
the visitor's address behind a trusted proxy and only then."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings, load_settings
from kb.errors import ConfigError
from kb.index import build_index
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.server import free_port

TOKEN = "agent-t0ken-for-limit-tests-0123"


@pytest.fixture
def indexed(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/export-invoices.md")
    build_index(settings)
    return dataclasses.replace(settings, agent_token=TOKEN)


def client(settings: Settings, address: str = "203.0.113.7") -> TestClient:
    return TestClient(create_app(settings), client=(address, 40000))


def test_a_flood_of_questions_from_one_address_gets_429_and_others_are_served(indexed: Settings) -> None:
    app = create_app(dataclasses.replace(indexed, queries_per_minute=20))
    flooder = TestClient(app, client=("203.0.113.7", 40000))
    statuses = [flooder.get("/api/answer", params={"q": f"export invoices {n}"}).status_code for n in range(15)]
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429
    refused = flooder.get("/api/search", params={"q": "export"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited" and "too many questions" in refused.text
    other = TestClient(app, client=("198.51.100.9", 40000))
    assert other.get("/api/answer", params={"q": "export invoices"}).status_code == 200


def test_no_limit_when_turned_off(indexed: Settings) -> None:
    app = client(dataclasses.replace(indexed, queries_per_minute=0))
    assert {app.get("/api/search", params={"q": f"export {n}"}).status_code for n in range(80)} == {200}


def test_wrong_tokens_lock_out_that_address_only(indexed: Settings) -> None:
    app = create_app(indexed)
    guesser = TestClient(app, client=("203.0.113.7", 40000))
    wrong = {"Authorization": "Bearer not-the-token-at-all-000000"}
    statuses = [guesser.get("/api/drafts", headers=wrong).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    right = {"Authorization": f"Bearer {TOKEN}"}
    locked = guesser.get("/api/drafts", headers=right)
    assert locked.status_code == 429 and "too many wrong tokens" in locked.text
    agent = TestClient(app, client=("198.51.100.9", 40000))
    assert agent.get("/api/drafts", headers=right).status_code == 200


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(indexed: Settings) -> None:
    proxied = dataclasses.replace(indexed, queries_per_minute=20, trusted_proxies=("10.0.0.0/8",))
    app = create_app(proxied)
    proxy = TestClient(app, client=("10.1.2.3", 40000))

    def ask(forwarded: str) -> int:
        return proxy.get("/api/search", params={"q": "export"}, headers={"X-Forwarded-For": forwarded}).status_code

    # Two visitors behind the proxy: one floods, the other is still served.
    assert [ask("203.0.113.7") for _ in range(12)][-1] == 429
    assert ask("198.51.100.9") == 200
    # The rightmost address not of a trusted proxy is the visitor; what they wrote left of it is not.
    assert ask("198.51.100.9, 203.0.113.7, 10.9.9.9") == 429
    # A visitor connecting directly cannot pose as someone else.
    direct = TestClient(app, client=("203.0.113.7", 40000))
    for _ in range(12):
        direct.get("/api/search", params={"q": "export"}, headers={"X-Forwarded-For": "192.0.2.1"})
    assert ask("192.0.2.1") == 200  # 192.0.2.1 was never charged


def test_trusted_proxies_are_validated() -> None:
    settings = load_settings(environ={"KB_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8 ,::1"})
    assert settings.trusted_proxies == ("127.0.0.1/32", "10.0.0.0/8", "::1/128")
    with pytest.raises(ConfigError, match=r"KB_TRUSTED_PROXIES.*IP addresses or networks"):
        load_settings(environ={"KB_TRUSTED_PROXIES": "proxy.example.com"})


def test_a_plain_uvicorn_access_log_never_holds_the_question(indexed: Settings, tmp_path: Path) -> None:
    """Issue 14, finding 7: ``uvicorn search_api:create_app`` logged every question in its access log."""
    script = tmp_path / "app.py"
    script.write_text(
        "from kb.config import load_settings\nfrom search_api import create_app\n"
        f"def app():\n    return create_app(load_settings(environ={{'KB_DATA_DIR': {str(indexed.data_dir)!r},"
        f" 'KB_DOCS_DIR': {str(indexed.docs_dir)!r}}}))\n"
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app:app", "--factory", "--port", str(port), "--log-level", "info"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/answer?q=my+phone+is+5550199+help") as r:
                    assert r.status == 200
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "GET /api/answer HTTP/1.1" in output and "200" in output, output
    assert "5550199" not in output and "q=" not in output, output
