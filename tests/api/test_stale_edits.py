"""Two people on one draft: ETag and If-Match on the agent API, and the editor's stale-edit page.

Finding 4 of issue 14: an edit made from an old copy used to replace whatever changed since.
"""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from tests.support.agent_ui import csrf_of
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

API = {"Authorization": "Bearer agent-t0ken-for-stale-edit-tests"}


@pytest.fixture
def api(settings: Settings, write: WriteArticle) -> TestClient:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    return TestClient(create_app(dataclasses.replace(settings, agent_token=API["Authorization"][7:])))


def test_the_draft_carries_its_version(api: TestClient) -> None:
    first = api.get("/api/drafts/label-printer", headers=API)
    assert first.headers["etag"] == first.json()["etag"] and first.headers["etag"].startswith('"')
    assert api.get("/api/drafts/label-printer", headers=API).headers["etag"] == first.headers["etag"]
    edited = api.put("/api/drafts/label-printer", json={"summary": "Set Darkness to 12."}, headers=API)
    assert edited.status_code == 200 and edited.headers["etag"] != first.headers["etag"]
    assert edited.headers["etag"] == api.get("/api/drafts/label-printer", headers=API).headers["etag"]


def test_an_edit_from_an_old_version_is_refused_and_changes_nothing(api: TestClient, settings: Settings) -> None:
    seen = api.get("/api/drafts/label-printer", headers=API).headers["etag"]
    theirs = api.put(
        "/api/drafts/label-printer", json={"summary": "Theirs."}, headers={**API, "If-Match": seen}
    )
    assert theirs.status_code == 200
    path = settings.docs_dir / "_drafts" / "label-printer.md"
    before = path.read_text()
    mine = api.put("/api/drafts/label-printer", json={"summary": "Mine."}, headers={**API, "If-Match": seen})
    assert mine.status_code == 409
    error = mine.json()["error"]
    assert error["code"] == "stale_edit" and "changed since you opened it" in error["message"]
    assert path.read_text() == before and "summary: Theirs." in before
    current = theirs.headers["etag"]
    again = api.put("/api/drafts/label-printer", json={"summary": "Mine."}, headers={**API, "If-Match": current})
    assert again.status_code == 200 and "summary: Mine." in path.read_text()


def test_publish_and_reject_of_an_old_version_are_refused(api: TestClient, settings: Settings) -> None:
    seen = api.get("/api/drafts/label-printer", headers=API).headers["etag"]
    api.put("/api/drafts/label-printer", json={"body": "## Solution\n\n1. Unplug it.\n"}, headers=API)
    stale = {**API, "If-Match": seen}
    published = api.post("/api/drafts/label-printer/publish", json={}, headers=stale)
    rejected = api.post("/api/drafts/label-printer/reject", json={"reason": "dup"}, headers=stale)
    assert (published.status_code, rejected.status_code) == (409, 409)
    assert (settings.docs_dir / "_drafts" / "label-printer.md").is_file()
    current = {**API, "If-Match": api.get("/api/drafts/label-printer", headers=API).headers["etag"]}
    assert api.post("/api/drafts/label-printer/publish", json={}, headers=current).status_code == 200


def test_the_editor_keeps_your_text_and_shows_theirs(
    agent: TestClient, agent_settings: Settings
) -> None:
    page = agent.get("/agent/drafts/label-printer").text
    form = {"csrf": csrf_of(page), "etag": _etag_of(page), "title": "Fix blank labels", "summary": "Set it.",
            "body": "## Solution\n\n1. My step.\n"}  # fmt: skip
    path = agent_settings.docs_dir / "_drafts" / "label-printer.md"
    path.write_text(path.read_text().replace("2. Set Darkness to 12.", "2. Their new step."))
    refused = agent.post("/agent/drafts/label-printer", data=form, follow_redirects=False)
    assert refused.status_code == 409
    assert "Someone changed this draft since you opened it" in refused.text
    assert "1. My step.\n</textarea>" in refused.text  # what the agent typed is kept
    assert "2. Their new step." in refused.text.split('id="kb-saved-body"')[1]
    assert "Their new step" in path.read_text() and "My step" not in path.read_text()
    # Saving again from that page replaces their version on purpose.
    form |= {"csrf": csrf_of(refused.text), "etag": _etag_of(refused.text)}
    saved = agent.post("/agent/drafts/label-printer", data=form, follow_redirects=False)
    assert saved.status_code == 303 and "My step" in path.read_text()


def test_the_editor_does_not_publish_a_version_the_agent_never_saw(
    agent: TestClient, agent_settings: Settings
) -> None:
    page = agent.get("/agent/drafts/label-printer").text
    path = agent_settings.docs_dir / "_drafts" / "label-printer.md"
    path.write_text(path.read_text().replace("2. Set Darkness to 12.", "2. A step nobody reviewed."))
    form = {"csrf": csrf_of(page), "etag": _etag_of(page), "category": "billing"}
    refused = agent.post("/agent/drafts/label-printer/publish", data=form)
    assert refused.status_code == 409 and path.is_file()
    assert not (agent_settings.docs_dir / "billing" / "fix-label-printer-prints-blank-labels.md").exists()


def _etag_of(html: str) -> str:
    marker = 'name="etag" value="'
    assert marker in html, "the editor's form carries no version"
    return html.split(marker, 1)[1].split('"', 1)[0].replace("&#34;", '"').replace("&quot;", '"')
