"""Accounts in the agent web UI: token and password sign-in, sessions that end when an account
changes, an admin managing agents, and sign-in through a trusted proxy's header."""

from __future__ import annotations

import dataclasses

import httpx
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.store import connect
from kb.team import add_agent, disable_agent, read_audit, reset_token, set_password
from search_api import create_app
from tests.support.agent_ui import csrf, quick_app, sign_in
from tests.support.server import LiveServer


def accounts(settings: Settings) -> dict[str, str]:
    with connect(settings.database) as db:
        tokens = {name: add_agent(db, name, role)[1] for name, role in
                  (("wendy-writer", "writer"), ("pablo-publisher", "publisher"), ("ada-admin", "admin"))}  # fmt: skip
        set_password(db, "pablo-publisher", "correct horse battery staple")
    return tokens


def test_without_a_shared_token_accounts_turn_the_ui_on(agent_settings: Settings) -> None:
    settings = dataclasses.replace(agent_settings, agent_token="")
    client = TestClient(quick_app(settings))
    assert client.get("/agent/sign-in").status_code == 403  # nobody could sign in yet
    tokens = accounts(settings)
    assert client.get("/agent/sign-in").status_code == 200
    assert sign_in(client, tokens["wendy-writer"]).status_code == 303
    queue = client.get("/agent")
    assert queue.status_code == 200 and "wendy-writer · writer" in queue.text and "/agent/agents" not in queue.text


def test_a_password_signs_in_and_a_wrong_one_does_not(agent_settings: Settings) -> None:
    accounts(agent_settings)
    client = TestClient(quick_app(agent_settings))
    form = {"name": "pablo-publisher", "password": "correct horse battery stapler", "next": "/agent"}
    wrong = client.post("/agent/sign-in", data=form, follow_redirects=False)
    assert wrong.status_code == 401 and "do not match" in wrong.text and "set-cookie" not in wrong.headers
    right = client.post(
        "/agent/sign-in", data={**form, "password": "correct horse battery staple"}, follow_redirects=False
    )
    assert right.status_code == 303
    assert "pablo-publisher · publisher" in client.get("/agent").text
    with connect(agent_settings.database) as db:
        entries = read_audit(db, agent="pablo-publisher")
    assert [(e.action, e.summary.split(" from ")[0]) for e in entries] == [("sign-in", "with password")]


def test_a_reset_or_disabled_account_ends_its_sessions(agent_settings: Settings) -> None:
    tokens = accounts(agent_settings)
    client = TestClient(quick_app(agent_settings))
    assert sign_in(client, tokens["wendy-writer"]).status_code == 303
    assert client.get("/agent", follow_redirects=False).status_code == 200
    with connect(agent_settings.database) as db:
        _, new = reset_token(db, "wendy-writer")
    assert client.get("/agent", follow_redirects=False).status_code == 303  # back to sign-in
    assert sign_in(client, tokens["wendy-writer"]).status_code == 401
    assert sign_in(client, new).status_code == 303
    with connect(agent_settings.database) as db:
        disable_agent(db, "wendy-writer")
    assert client.get("/agent", follow_redirects=False).status_code == 303


def test_an_admin_adds_an_agent_and_sees_the_token_once(agent_settings: Settings) -> None:
    tokens = accounts(agent_settings)
    writer = TestClient(quick_app(agent_settings))
    sign_in(writer, tokens["wendy-writer"])
    assert writer.get("/agent/agents").status_code == 403
    admin = TestClient(quick_app(agent_settings))
    sign_in(admin, tokens["ada-admin"])
    page = admin.get("/agent/agents")
    assert page.status_code == 200 and "wendy-writer" in page.text
    added = admin.post(
        "/agent/agents",
        data={"csrf": csrf(admin, "/agent/agents"), "action": "add", "name": "nia-new", "role": "writer"},
    )
    assert added.status_code == 200
    token = added.text.split('class="kb-agent-token">')[1].split("<")[0]
    assert token.startswith("kb_") and token not in admin.get("/agent/agents").text  # shown once
    assert sign_in(TestClient(quick_app(agent_settings)), token).status_code == 303
    bad = admin.post(
        "/agent/agents",
        data={"csrf": csrf(admin, "/agent/agents"), "action": "add", "name": "Bad Name", "role": "writer"},
    )
    assert bad.status_code == 422 and "cannot be an agent" in bad.text


def test_a_trusted_proxy_signs_agents_in_with_its_header(agent_settings: Settings) -> None:
    accounts(agent_settings)
    proxied = dataclasses.replace(agent_settings, agent_user_header="X-Forwarded-User", trusted_proxies=("127.0.0.1",))
    with LiveServer(create_app(proxied)) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        queue = http.get("/agent", headers={"X-Forwarded-User": "wendy-writer"})
        assert queue.status_code == 200 and "wendy-writer · writer" in queue.text
        for unknown in ("nobody", ""):
            assert http.get("/agent", headers={"X-Forwarded-User": unknown}).status_code == 303
        token = queue.text.split('name="csrf" value="')[1].split('"')[0]
        forged = http.post(
            "/agent/drafts/label-printer/publish",
            data={"csrf": token, "category": "billing"},
            headers={"X-Forwarded-User": "wendy-writer", "Origin": server.url},
        )
        assert forged.status_code == 403  # the header's agent, with the header's agent's role
    untrusted = dataclasses.replace(agent_settings, agent_user_header="X-Forwarded-User")  # no trusted_proxies
    with LiveServer(create_app(untrusted)) as server:
        response = httpx.get(f"{server.url}/agent", headers={"X-Forwarded-User": "ada-admin"}, timeout=30)
        assert response.status_code == 303  # anyone could send the header: it is ignored


def test_an_agent_sets_their_own_password(agent_settings: Settings) -> None:
    tokens = accounts(agent_settings)
    client = TestClient(quick_app(agent_settings))
    sign_in(client, tokens["wendy-writer"])
    page = client.get("/agent/account")
    assert page.status_code == 200 and "wendy-writer" in page.text
    token = csrf(client, "/agent/account")
    differ = client.post("/agent/account", data={"csrf": token, "password": "a long passphrase 1", "again": "x"})
    assert differ.status_code == 422 and "differ" in differ.text
    short = client.post("/agent/account", data={"csrf": token, "password": "short", "again": "short"})
    assert short.status_code == 422
    good = "wendy's own passphrase"
    assert client.post("/agent/account", data={"csrf": token, "password": good, "again": good}).status_code == 200
    fresh = TestClient(quick_app(agent_settings))
    signed = fresh.post(
        "/agent/sign-in", data={"name": "wendy-writer", "password": good, "next": "/agent"}, follow_redirects=False
    )
    assert signed.status_code == 303
