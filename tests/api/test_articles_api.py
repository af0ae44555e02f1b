"""The agent API over published articles (read, edit live, history, diff, rollback) and the
/agent pages that do the same; and paging of the review queue in both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from tests.support.agent_ui import csrf_of
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

AGENT = {"Authorization": "Bearer agent-t0ken"}
PATH = "billing/export-invoices.md"
ARTICLE = (
    "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\nid: exinv\n---\n# Export invoices\n\n"
    "Lead.\n\n## Export to CSV {#export-to-csv}\n\nOpen Billing and click Export.\n"
)


@pytest.fixture
def api(settings: Settings, write: WriteArticle) -> TestClient:
    write("billing/_category.yml", "title: Billing\n")
    write(PATH, ARTICLE)
    build_index(settings)
    return TestClient(create_app(dataclasses.replace(settings, agent_token="agent-t0ken")))


def test_read_edit_history_diff_and_rollback(api: TestClient) -> None:
    read = api.get(f"/api/articles/{PATH}", headers=AGENT)
    assert read.status_code == 200
    assert read.json()["id"] == "exinv" and read.json()["url"] == "/billing/export-invoices/"
    etag = read.headers["ETag"]
    body = "Lead.\n\n## Download a spreadsheet\n\nOpen Billing, choose <Export> & save.\n"
    edited = api.put(f"/api/articles/{PATH}", json={"body": body, "agent": "sam"}, headers={**AGENT, "If-Match": etag})
    assert edited.status_code == 200, edited.text
    assert edited.json()["changed"] is True and edited.headers["ETag"] != etag
    now = api.get(f"/api/articles/{PATH}", headers=AGENT).json()["text"]
    assert "## Download a spreadsheet {#export-to-csv}" in now  # the renamed heading kept its anchor
    stale = api.put(f"/api/articles/{PATH}", json={"summary": "Late."}, headers={**AGENT, "If-Match": etag})
    assert stale.status_code == 409
    history = api.get(f"/api/articles/{PATH}/history", headers=AGENT).json()
    assert [v["agent"] for v in history] == ["sam", "kb"]
    diff = api.get(f"/api/articles/{PATH}/diff", params={"a": history[1]["id"]}, headers=AGENT).json()
    assert ("add", "Open Billing, choose <Export> & save.") in [tuple(line) for line in diff["lines"]]
    assert "&lt;Export&gt; &amp; save" in diff["html"] and "<Export>" not in diff["html"]
    back = api.post(f"/api/articles/{PATH}/rollback", json={"version": history[1]["id"], "agent": "ann"}, headers=AGENT)
    assert back.status_code == 200 and back.json()["changed"] is True
    assert api.get(f"/api/articles/{PATH}", headers=AGENT).json()["text"].endswith("Open Billing and click Export.\n")
    assert api.get(f"/api/articles/{PATH}/history", headers=AGENT).json()[0]["agent"] == "ann"


def test_refusals_are_json_errors(api: TestClient) -> None:
    assert api.get(f"/api/articles/{PATH}").status_code == 401
    assert api.get("/api/articles/billing/nothing.md", headers=AGENT).status_code == 404
    assert api.get("/api/articles/_drafts/x.md", headers=AGENT).status_code == 422
    bad = api.put(f"/api/articles/{PATH}", json={"body": "## A\n\nSee [x](gone.md).\n"}, headers=AGENT)
    assert bad.status_code == 422 and "gone.md" in bad.json()["error"]["message"]
    nothing = api.get(f"/api/articles/{PATH}/diff", params={"a": "20260101T000000.000000Z"}, headers=AGENT)
    assert nothing.status_code == 404
    extra = api.put(f"/api/articles/{PATH}", json={"id": "other"}, headers=AGENT)
    assert extra.status_code == 422  # only title, summary, body and agent can change


@pytest.fixture
def many(settings: Settings, write: WriteArticle) -> Settings:
    """2,000 small drafts, one a day going back, so their order (oldest first) is known."""
    write("billing/_category.yml", "title: Billing\n")
    write(PATH, ARTICLE)
    start = dt.date(2020, 1, 1)
    for number in range(2000):
        created = start + dt.timedelta(days=number)
        text = draft_text(title=f"Fix: problem {number:04d}").replace("created: 2026-11-20", f"created: {created}")
        write(f"_drafts/d{(7919 * number) % 2000:04d}.md", text)  # file names in another order
    return dataclasses.replace(settings, agent_token="agent-t0ken")


def test_the_drafts_api_pages_thousands_of_drafts(many: Settings) -> None:
    api = TestClient(create_app(many))
    page = api.get("/api/drafts", params={"limit": 50, "offset": 50}, headers=AGENT)
    assert page.status_code == 200 and page.headers["X-Total-Count"] == "2000"
    assert [d["title"] for d in page.json()] == [f"Fix: problem {n:04d}" for n in range(50, 100)]
    links = page.headers["Link"]
    assert 'offset=100>; rel="next"' in links and 'offset=0>; rel="prev"' in links
    last = api.get("/api/drafts", params={"limit": 50, "offset": 1990}, headers=AGENT)
    assert len(last.json()) == 10 and 'rel="next"' not in last.headers.get("Link", "")
    assert len(api.get("/api/drafts", headers=AGENT).json()) == 2000  # no limit: all, as before
    assert api.get("/api/drafts", params={"limit": 0}, headers=AGENT).status_code == 422


def _signed_in(settings: Settings) -> TestClient:
    from tests.support.agent_ui import quick_app, sign_in

    client = TestClient(quick_app(settings))
    assert sign_in(client, "agent-t0ken").status_code == 303
    return client


def test_the_queue_page_pages_thousands_of_drafts(many: Settings) -> None:
    agent = _signed_in(many)
    html = agent.get("/agent?page=2").text
    titles = re.findall(r'class="kb-item__title" href="[^"]+">([^<]+)</a>', html)
    assert titles == [f"Fix: problem {n:04d}" for n in range(50, 100)]
    assert 'href="/agent?page=1"' in html and 'href="/agent?page=3"' in html
    assert "Page 2 of 40: 51\u2013100 of 2000" in html and '<span class="kb-count">2000</span>' in html
    last = agent.get("/agent?page=999").text  # past the end: the last page
    assert "Page 40 of 40" in last and 'rel="next"' not in last
    assert "Page 1 of 40" in agent.get("/agent?page=nonsense").text


def test_edit_a_live_article_in_the_agent_ui(settings: Settings, write: WriteArticle, tmp_path: Path) -> None:
    write("billing/_category.yml", "title: Billing\n")
    write(PATH, ARTICLE)
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    agent = _signed_in(dataclasses.replace(settings, agent_token="agent-t0ken"))
    opened = agent.get("/agent/articles", params={"path": "https://help.example.com/billing/export-invoices/#x"},
                       follow_redirects=False)  # fmt: skip
    assert opened.status_code == 303 and opened.headers["location"] == f"/agent/articles/{PATH}"
    page = agent.get(f"/agent/articles/{PATH}")
    assert page.status_code == 200 and 'id="kb-editor"' in page.text
    etag = re.search(r'name="etag" value="([^"]+)"', page.text)
    assert etag is not None
    form = {"csrf": csrf_of(page.text), "etag": etag.group(1).replace("&#34;", '"'), "title": "Export invoices",
            "summary": "Open Billing, then Export.", "body": "Lead.\n\n## Export to CSV\n\n1. Open Billing.\n",
            "reviewed_by": "sam"}  # fmt: skip
    saved = agent.post(f"/agent/articles/{PATH}", data=form, follow_redirects=False)
    assert saved.status_code == 303 and "done=saved" in saved.headers["location"]
    assert "The change is live" in agent.get(saved.headers["location"]).text
    assert "## Export to CSV {#export-to-csv}" in (settings.docs_dir / PATH).read_text()
    again = agent.post(f"/agent/articles/{PATH}", data={**form, "summary": "Stale."})
    assert again.status_code == 409 and "Someone changed this article" in again.text and "Stale." in again.text
    history = agent.get(f"/agent/articles/{PATH}/history").text
    assert history.count('class="kb-version"') == 2 and ">sam<" in history
    first = re.findall(r'name="version" value="([^"]+)"', history)[0]
    diff = agent.get(f"/agent/articles/{PATH}/diff", params={"a": first, "b": "live"}).text
    assert "<del>- Open Billing and click Export.</del>" in diff and "<ins>+ 1. Open Billing.</ins>" in diff
    rollback = {"csrf": csrf_of(history), "version": first, "reviewed_by": "ann"}
    back = agent.post(f"/agent/articles/{PATH}/rollback", data=rollback, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"].endswith("/history?done=rolledback")
    assert "Open Billing and click Export." in (settings.docs_dir / PATH).read_text()
    assert agent.post(f"/agent/articles/{PATH}/rollback", data={"version": first}).status_code == 403  # no CSRF
    assert agent.get("/agent/articles/_drafts/label-printer.md").status_code == 422
