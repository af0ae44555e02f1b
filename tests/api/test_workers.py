"""`kb serve --workers 2` as customers and agents meet it: whichever worker answers, a sign-out
holds, a rate limit counts once, every search is logged and a publish is searchable at once.

One real ``kb serve`` process (uvicorn's supervisor and two worker processes) serves all of them.
Each check repeats its request on fresh connections until both workers have answered it, so a
state kept in one process's memory would show.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing

import httpx
import pytest

from tests.support.server import free_port
from tests.support.serving import ServeProcess, start_serve, write_served_docs

pytestmark = pytest.mark.slow

TOKEN = "agent-token-for-two-workers-0123456789"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    base = tmp_path_factory.mktemp("workers")
    docs = base / "docs"
    write_served_docs(docs)
    served = start_serve(docs, base / "data", free_port(), {"KB_AGENT_TOKEN": TOKEN, "KB_DATABASE_URL": ""}, workers=2)
    try:
        yield served
    finally:
        served.stop()


def on_both_workers(call: Callable[[], httpx.Response], tries: int = 200) -> list[httpx.Response]:
    """Repeat ``call`` until two different workers have answered it; every response."""
    responses: list[httpx.Response] = []
    for _ in range(tries):
        responses.append(call())
        if len({r.headers["x-kb-worker"] for r in responses}) >= 2:
            return responses
    raise AssertionError(f"only one worker answered {tries} requests")


def test_two_workers_answer(served: ServeProcess) -> None:
    responses = on_both_workers(lambda: served.call("GET", "/api/health"))
    assert all(r.status_code == 200 for r in responses)


def test_a_session_signed_in_on_one_worker_holds_on_the_other_and_a_sign_out_ends_it_on_both(
    served: ServeProcess,
) -> None:
    origin = {"Origin": served.url}
    signed_in = served.call("POST", "/agent/sign-in", data={"token": TOKEN, "next": "/agent"}, headers=origin)
    assert signed_in.status_code == 303
    cookie = {"kb_agent_session": signed_in.cookies["kb_agent_session"]}
    queue = on_both_workers(lambda: served.call("GET", "/agent", cookies=cookie))
    assert all(r.status_code == 200 and "Sign out" in r.text for r in queue)
    match = re.search(r'name="csrf" value="([^"]+)"', queue[-1].text)
    assert match
    out = served.call("POST", "/agent/sign-out", data={"csrf": match.group(1)}, cookies=cookie, headers=origin)
    assert out.status_code == 303
    after = on_both_workers(lambda: served.call("GET", "/agent", cookies=cookie))
    assert all(r.status_code == 303 and "/agent/sign-in" in r.headers["location"] for r in after)


def test_the_feedback_rate_limit_counts_votes_on_every_worker_together(served: ServeProcess) -> None:
    def vote() -> httpx.Response:
        return served.call("POST", "/api/feedback", json={"page": "billing/export-invoices.md", "helpful": True})

    responses = on_both_workers(vote)
    while len(responses) < 25:
        responses.append(vote())
    accepted = [r for r in responses if r.status_code == 202]
    refused = [r for r in responses if r.status_code == 429]
    assert len(accepted) == 10, "the burst of 10 votes is per client, not per worker"
    assert len(refused) == len(responses) - 10 and all(int(r.headers["retry-after"]) > 0 for r in refused)
    with closing(sqlite3.connect(served.data_dir / "kb.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 10


def test_every_search_on_either_worker_is_logged_once(served: ServeProcess) -> None:
    questions = [f"export invoice number {n}" for n in range(60)]
    workers = set()
    for question in questions:
        response = served.call("GET", "/api/search", params={"q": question})
        assert response.status_code == 200
        workers.add(response.headers["x-kb-worker"])
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    logged: list[str] = []
    while time.monotonic() < deadline:
        with closing(sqlite3.connect(served.data_dir / "kb.sqlite3")) as db:
            logged = [row[0] for row in db.execute("SELECT query FROM search_log WHERE query LIKE 'export invoice%'")]
        if len(logged) >= len(questions):
            break
        time.sleep(0.2)
    assert sorted(logged) == sorted(questions)


def test_a_publish_through_one_worker_is_searchable_and_served_on_both(served: ServeProcess) -> None:
    published = served.call(
        "POST",
        "/api/drafts/label-printer/publish",
        json={"reviewed_by": "sam"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert published.status_code == 200, published.text
    body = published.json()
    start = time.monotonic()

    def search() -> httpx.Response:
        return served.call("GET", "/api/search", params={"q": "label printer blank labels", "limit": "1"})

    while time.monotonic() - start < 5:
        seen = on_both_workers(search)
        if all(json.loads(r.text)["results"][:1] and r.json()["results"][0]["path"] == body["path"] for r in seen[-2:]):
            break
        time.sleep(0.1)
    fresh = on_both_workers(search)
    assert all(r.json()["results"][0]["path"] == body["path"] for r in fresh)
    page = body["url"].removeprefix(served.url) if body["url"].startswith("http") else body["url"]
    pages = on_both_workers(lambda: served.call("GET", page))
    assert all(r.status_code == 200 and "label" in r.text.lower() for r in pages)
