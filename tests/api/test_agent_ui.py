"""The agent web UI over HTTP: the queue, the editor, the actions, content gaps, the report, previews."""

from __future__ import annotations

import re
import time
from contextlib import closing

from fastapi.testclient import TestClient

from kb.config import Settings
from kb.store import connect
from search_api import create_app
from search_api.agent.session import AgentSessions, SignInThrottle
from search_api.agent.web import AgentUI
from tests.support.agent_ui import LEAKY, PROPOSAL, csrf, csrf_of, sign_in
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text


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


# --- the queue -------------------------------------------------------------------------------------


def test_queue_shows_drafts_proposals_rejected_and_gaps(
    agent: TestClient, agent_settings: Settings, write: WriteArticle
) -> None:
    write("_drafts/leaky.md", LEAKY)
    write("_drafts/update-export.md", PROPOSAL)
    write(
        "_drafts/hostile.md",
        draft_text(title="<img src=x onerror=alert(1)> printer", extra="provenance: ['<b>9</b>']\n").replace(
            "provenance: ['5150']\n", "", 1
        ),
    )
    write(
        "_drafts/_rejected/old.md",
        draft_text(title="Old one", extra="rejected: {reason: '<i>dup</i>', date: '2026-11-01', by: sam}\n"),
    )
    log_question(agent_settings, "how do I print <script>alert(1)</script> barcodes", times=3)
    page = agent.get("/agent")
    assert page.status_code == 200
    html = page.text
    drafts, rest = html.split('id="proposals-heading"', 1)
    proposals, rest = rest.split('id="rejected-heading"', 1)
    rejected, gaps = rest.split('id="gaps-heading"', 1)
    assert "Fix: label printer prints blank labels" in drafts and "<code>5150</code>" in drafts
    assert re.search(r"<dt>Age</dt><dd>\d+ days</dd>", drafts)
    assert "name \N{MULTIPLICATION SIGN} 2" in drafts  # the redaction report
    assert "personal data: line" in drafts and "kb-badge--bad" in drafts  # the leaky one, inline
    assert "Fix: export is slow" in proposals and "billing/export-invoices.md#steps" in proposals
    assert "Old one" in rejected and "&lt;i&gt;dup&lt;/i&gt;" in rejected and "sam" in rejected
    assert (
        "barcodes" in gaps
        and "3\N{MULTIPLICATION SIGN}" in gaps
        and "Make a draft" in gaps
        and "Link to article" in gaps
    )
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html and "&lt;b&gt;9&lt;/b&gt;" in html


def test_queue_shows_check_problems_inline(agent: TestClient, write: WriteArticle) -> None:
    write("_drafts/broken.md", draft_text(title="Broken", body="## Problem\n\nSee [x](../billing/missing.md).\n"))
    html = agent.get("/agent").text
    assert "missing.md" in html and "kb-problem--error" in html


# --- the editor ------------------------------------------------------------------------------------


def test_editor_shows_the_fields_and_a_rendered_preview(agent: TestClient) -> None:
    page = agent.get("/agent/drafts/label-printer")
    assert page.status_code == 200
    assert 'value="Fix: label printer prints blank labels"' in page.text
    assert "Open Printer settings, then set Darkness to 12.</textarea>" in page.text
    assert "## Problem" in page.text and '<h2 id="problem">Problem' in page.text  # textarea and preview
    assert '<option value="billing" selected>billing (suggested)</option>' in page.text
    assert 'id="kb-publish"' in page.text and 'id="kb-apply"' not in page.text


def test_save_edits(agent: TestClient, agent_settings: Settings) -> None:
    response = agent.post(
        "/agent/drafts/label-printer",
        data={"csrf": csrf(agent), "title": "Fix blank labels", "summary": "Set Darkness to 12.",
              "body": "## Solution\r\n\r\n1. Set Darkness to 12.\r\n"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/agent/drafts/label-printer?done=saved"
    text = (agent_settings.docs_dir / "_drafts" / "label-printer.md").read_text()
    assert "title: Fix blank labels" in text and "provenance:" in text
    assert text.endswith("# Fix blank labels\n\n## Solution\n\n1. Set Darkness to 12.\n")
    assert "Saved." in agent.get(response.headers["location"]).text


def test_save_refusal_is_shown_inline_with_the_typed_text(agent: TestClient) -> None:
    response = agent.post(
        "/agent/drafts/label-printer", data={"csrf": csrf(agent), "title": "  ", "body": "kept <b>text</b>"}
    )
    assert response.status_code == 422 and "title cannot be empty" in response.text
    assert "kept &lt;b&gt;text&lt;/b&gt;</textarea>" in response.text


def test_preview_renders_markdown_and_escapes_script(agent: TestClient) -> None:
    token = csrf(agent, "/agent/drafts/label-printer")
    body = (
        "## Steps\n\n1. Click **Export**.\n\n<script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))\n"
    )
    response = agent.post(
        "/agent/preview", data={"csrf": token, "title": "T <script>", "summary": "S & s", "body": body}
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<h2 id="steps">Steps' in html and "<strong>Export</strong>" in html
    assert "<h1>T &lt;script&gt;</h1>" in html and "S &amp; s" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    refused = agent.post("/agent/preview", data={"title": "x", "body": "y"})
    assert refused.status_code == 403


# --- the actions ----------------------------------------------------------------------------------


def test_publish_refusal_is_shown_inline(agent: TestClient, agent_settings: Settings, write: WriteArticle) -> None:
    write("_drafts/leaky.md", LEAKY)
    response = agent.post("/agent/drafts/leaky/publish", data={"csrf": csrf(agent), "category": "billing"})
    assert response.status_code == 422
    assert "cannot be published" in response.text and "personal data" in response.text
    assert 'role="alert"' in response.text
    assert (agent_settings.docs_dir / "_drafts" / "leaky.md").is_file()
    unknown = agent.post("/agent/drafts/label-printer/publish", data={"csrf": csrf(agent), "category": "<nope>"})
    assert unknown.status_code == 422 and "unknown category &#39;&lt;nope&gt;&#39;" in unknown.text


def test_publish_saves_the_edits_and_shows_the_live_url(agent: TestClient, agent_settings: Settings) -> None:
    token = csrf(agent, "/agent/drafts/label-printer")
    response = agent.post(
        "/agent/drafts/label-printer/publish",
        data={"csrf": token, "title": "Fix blank labels on the label printer", "category": "billing",
              "reviewed_by": "Sam"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    article = agent_settings.docs_dir / "billing" / "fix-blank-labels-on-the-label-printer.md"
    assert article.is_file() and "reviewed_by: Sam" in article.read_text()
    assert not (agent_settings.docs_dir / "_drafts" / "label-printer.md").exists()
    assert 'href="/billing/fix-blank-labels-on-the-label-printer/"' in response.text
    short = re.search(r'id="kb-short-url" href="(/s/[a-z0-9]+/)"', response.text)
    assert short is not None
    gone = agent.get("/agent/drafts/label-printer")
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("text/html")
    assert "no draft named" in gone.text


def test_publishing_a_proposal_is_a_conflict_shown_inline(agent: TestClient, write: WriteArticle) -> None:
    write("_drafts/update-export.md", PROPOSAL)
    page = agent.get("/agent/drafts/update-export")
    assert 'id="kb-apply"' in page.text and 'id="kb-publish"' not in page.text
    response = agent.post("/agent/drafts/update-export/publish", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 409 and "update proposal" in response.text


def test_reject_asks_for_a_reason(agent: TestClient, agent_settings: Settings) -> None:
    page = agent.get("/agent/drafts/label-printer").text
    assert 'name="reason"' in page and "required" in page.split('name="reason"')[1].split(">")[0]
    empty = agent.post("/agent/drafts/label-printer/reject", data={"csrf": csrf_of(page), "reason": " "})
    assert (
        empty.status_code == 422 and "needs a reason" in empty.text and '<details class="kb-reject" open>' in empty.text
    )
    done = agent.post(
        "/agent/drafts/label-printer/reject",
        data={"csrf": csrf_of(page), "reason": "one customer's case <b>only</b>"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/agent?done=rejected&item=label-printer"
    kept = agent_settings.docs_dir / "_drafts" / "_rejected" / "label-printer.md"
    assert kept.is_file() and "one customer's case" in kept.read_text()
    queue = agent.get(done.headers["location"]).text
    assert "Rejected “label-printer”" in queue
    assert "one customer&#39;s case &lt;b&gt;only&lt;/b&gt;" in queue.split('id="rejected-heading"')[1]


def test_apply_a_proposal(agent: TestClient, agent_settings: Settings, write: WriteArticle) -> None:
    write("_drafts/update-export.md", PROPOSAL)
    response = agent.post("/agent/drafts/update-export/apply", data={"csrf": csrf(agent)}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/agent?done=applied&item=billing/export-invoices.md"
    article = (agent_settings.docs_dir / "billing" / "export-invoices.md").read_text()
    assert "Set Darkness to 12." in article and "5150" in article
    assert (agent_settings.docs_dir / "_drafts" / "_applied" / "update-export.md").is_file()
    assert "Applied the proposal to billing/export-invoices.md." in agent.get(response.headers["location"]).text


def test_apply_on_a_draft_is_refused_inline(agent: TestClient) -> None:
    response = agent.post("/agent/drafts/label-printer/apply", data={"csrf": csrf(agent)})
    assert response.status_code == 409 and "not an update proposal" in response.text


# --- content gaps ----------------------------------------------------------------------------------


def test_gap_to_draft_stub(agent: TestClient, agent_settings: Settings) -> None:
    log_question(agent_settings, "how do I print barcodes", times=2)
    queue = agent.get("/agent").text
    response = agent.post(
        "/agent/gaps/draft", data={"csrf": csrf_of(queue), "key": gap_key(queue)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/agent/drafts/how-do-i-print-barcodes?done=drafted"
    assert (agent_settings.docs_dir / "_drafts" / "how-do-i-print-barcodes.md").is_file()
    editor = agent.get(response.headers["location"])
    assert editor.status_code == 200 and "Made a draft from the content gap" in editor.text
    assert "No open content gaps." in agent.get("/agent").text
    again = agent.post("/agent/gaps/draft", data={"csrf": csrf(agent), "key": gap_key(queue)})
    assert again.status_code == 404 and "no open content gap" in again.text


def test_gap_link_to_article(agent: TestClient, agent_settings: Settings) -> None:
    log_question(agent_settings, "download my bills as a spreadsheet", times=2)
    queue = agent.get("/agent").text
    key = gap_key(queue)
    bad = agent.post("/agent/gaps/link", data={"csrf": csrf_of(queue), "key": key, "article": "../../<etc>"})
    assert bad.status_code == 422 and "&lt;etc&gt;" in bad.text and "download my bills" in bad.text
    missing = agent.post("/agent/gaps/link", data={"csrf": csrf_of(queue), "key": key, "article": "billing/none.md"})
    assert missing.status_code == 404 and "no article" in missing.text
    done = agent.post(
        "/agent/gaps/link",
        data={"csrf": csrf_of(queue), "key": key, "article": "http://testserver/billing/export-invoices/#steps"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/agent?done=linked&item=billing/export-invoices.md"
    article = (agent_settings.docs_dir / "billing" / "export-invoices.md").read_text()
    assert "search_terms:" in article and "download my bills as a spreadsheet" in article
    assert "No open content gaps." in agent.get(done.headers["location"]).text


# --- the report ------------------------------------------------------------------------------------


def test_report_page_has_the_figures_and_the_svg_chart(agent: TestClient, agent_settings: Settings) -> None:
    log_question(agent_settings, "how do I print <barcodes>", times=4)
    page = agent.get("/agent/report", params={"days": "7"})
    assert page.status_code == 200
    assert "<svg" in page.text and "Searches and answer rate per day" in page.text
    assert "Answer rate" in page.text and "0%" in page.text and "Drafts waiting" in page.text
    assert "how do I print &lt;barcodes&gt;" in page.text and "<barcodes>" not in page.text
    assert '<option value="7" selected>' in page.text
    policy = page.headers["content-security-policy"]
    assert "'unsafe-hashes' 'sha256-" in policy and "unsafe-inline" not in policy
    assert agent.get("/agent/report", params={"days": "nonsense"}).status_code == 200


def test_draft_previews_are_for_signed_in_agents_only(agent_settings: Settings) -> None:
    """Finding 9 of issue 14: kb serve's preview site served every draft, rejected ones too, to anyone."""
    from kb.site import build_site

    site = agent_settings.data_dir / "preview"
    build_site(agent_settings, site_dir=site, drafts=True)
    assert (site / "_drafts" / "label-printer" / "index.html").is_file()
    app = create_app(agent_settings, site_dir=site)
    app.state.kb_agent_ui = AgentUI(AgentSessions(), SignInThrottle(delay=0.0))
    client = TestClient(app)
    for url, target in (
        ("/_drafts/label-printer/", "/agent/drafts/label-printer"),
        ("/_drafts/", "/agent"),
        ("/_drafts/_rejected/old/", "/agent"),
    ):
        page = client.get(url, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == target and "Darkness" not in page.text
    signed_out = client.get("/_drafts/label-printer/")  # followed: the agent UI asks for sign-in
    assert "Darkness" not in signed_out.text and 'name="token"' in signed_out.text
    assert client.get("/billing/export-invoices/").status_code == 200  # published pages stay public
    assert sign_in(client).status_code == 303
    preview = client.get("/_drafts/label-printer/")
    assert preview.status_code == 200 and "Darkness" in preview.text
