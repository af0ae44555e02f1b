"""Review, publish, reject and apply: the queue's actions, their refusals, crashes and concurrency."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.authoring import check_docs, has_errors
from kb.cli import app
from kb.config import Settings
from kb.content import load_article
from kb.drafting import find_draft, list_drafts
from kb.errors import ConflictError, ContentError, InputError, NotFoundError
from kb.index import SectionIndex, build_index
from kb.permalinks import read_manifest
from kb.review import apply_proposal, freeze_anchors, list_rejected, publish_draft, reject_draft
from kb.site import build_site
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.paths import ROOT

TODAY = dt.date(2026, 11, 23)
TARGET = "billing/export-invoices.md#export-to-csv"
runner = CliRunner()




@pytest.fixture
def site(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/_category.yml", "title: Billing\n")
    write(
        "billing/export-invoices.md",
        "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\nid: exinv\n---\n# Export invoices\n\n"
        "Lead.\n\n## Export to CSV\n\nOpen Billing and click Export.\n\n## Details\n\nMore.\n",
    )
    build_index(settings)
    return settings


def test_publish_makes_a_permanent_searchable_article(site: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    result = publish_draft(site, "label-printer", reviewed_by="sam", today=TODAY)
    assert result.path == "billing/fix-label-printer-prints-blank-labels.md"
    assert result.url == "/billing/fix-label-printer-prints-blank-labels/"
    assert result.short_url == f"/s/{result.id}/" and len(result.id) == 5
    article, problems = load_article(site.docs_dir, site.docs_dir / result.path)
    assert article is not None and not has_errors(problems)
    meta = article.meta
    assert meta["status"] == "published" and meta["published"] == TODAY and meta["updated"] == TODAY
    assert meta["reviewed_by"] == "sam" and meta["provenance"] == ["5150"] and meta["id"] == result.id
    assert "category" not in meta
    text = (site.docs_dir / result.path).read_text()
    assert "## Problem {#problem}" in text and "## Solution {#solution}" in text  # anchors frozen
    assert not (site.docs_dir / "_drafts" / "label-printer.md").exists()
    manifest, _ = read_manifest(site.docs_dir)
    record = manifest.pages["/billing/fix-label-printer-prints-blank-labels/"]
    assert record.id == result.id and {"problem", "solution"} <= set(record.anchors)
    index = SectionIndex.open(site)
    try:
        top = index.search("label printer prints blank labels").hits[0]
        assert top.path == result.path
    finally:
        index.close()
    assert not has_errors(check_docs(site.docs_dir))


def test_publish_refuses_a_draft_that_fails_kb_check(site: Settings, write: WriteArticle) -> None:
    write("_drafts/broken.md", draft_text(body="## Steps\n\nSee [this](missing.md).\n").replace("# Fix", "# Other"))
    with pytest.raises(ContentError) as error:
        publish_draft(site, "broken")
    assert "missing.md" in error.value.message
    # An H1 that differs from the title is a warning (MkDocs allows it), so it does not block.
    assert "differs from the title" not in error.value.message
    assert (site.docs_dir / "_drafts" / "broken.md").exists()
    assert not list((site.docs_dir / "billing").glob("fix-*.md"))


def test_publish_refuses_personal_data(site: Settings, write: WriteArticle) -> None:
    body = "## Problem\n\nCall me on +1 415 555 0199 or mail ann@example.com.\n\n## Solution\n\n1. Restart.\n"
    write("_drafts/leaky.md", draft_text(body=body))
    with pytest.raises(ContentError) as error:
        publish_draft(site, "leaky")
    message = error.value.message
    assert "phone" in message and "email" in message and "personal data" in message
    assert "555" not in message and "ann@" not in message  # the refusal never repeats the value


def test_publish_category_rules(site: Settings, write: WriteArticle) -> None:
    write("_drafts/a.md", draft_text().replace("category: billing\n", ""))
    with pytest.raises(InputError, match="no suggested category"):
        publish_draft(site, "a")
    with pytest.raises(InputError, match="unknown category 'nope'"):
        publish_draft(site, "a", category="nope")
    assert publish_draft(site, "a", category="billing").path.startswith("billing/")


@pytest.mark.parametrize("name", ["../billing/export-invoices", "_rejected/x", "", "a\\b", "/etc/passwd"])
def test_draft_names_cannot_leave_the_queue(site: Settings, name: str) -> None:
    with pytest.raises((InputError, NotFoundError)):
        find_draft(site.docs_dir, name)


def test_unknown_draft_and_proposal_conflicts(site: Settings, write: WriteArticle) -> None:
    with pytest.raises(NotFoundError):
        publish_draft(site, "nothing-here")
    write("_drafts/p.md", draft_text(extra="proposal_for: billing/export-invoices.md#export-to-csv\n"))
    with pytest.raises(ConflictError, match="update proposal") as error:
        publish_draft(site, "p")
    assert "--as-new" in error.value.hint
    result = publish_draft(site, "p", as_new=True)  # the duplicate check was wrong: its own article
    article, _ = load_article(site.docs_dir, site.docs_dir / result.path)
    assert article is not None and "proposal_for" not in article.meta
    write("_drafts/d.md", draft_text(title="Another one"))
    with pytest.raises(ConflictError, match="not an update proposal"):
        apply_proposal(site, "d")


def test_an_interrupted_publish_is_finished_by_publishing_again(site: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    result = publish_draft(site, "label-printer", today=TODAY)
    # A kill after the article was written but before the draft was removed leaves both.
    write("_drafts/label-printer.md", draft_text())
    assert not has_errors(check_docs(site.docs_dir))
    again = publish_draft(site, "label-printer", today=TODAY)
    assert again.path == result.path and again.id == result.id
    assert not (site.docs_dir / "_drafts" / "label-printer.md").exists()
    write("_drafts/other.md", draft_text().replace("'5150'", "'6000'"))
    with pytest.raises(ConflictError, match="already exists"):
        publish_draft(site, "other")


def test_reject_keeps_the_draft_out_of_the_queue(site: Settings, write: WriteArticle) -> None:
    write("_drafts/refund.md", draft_text(title="Refund for one order"))
    with pytest.raises(InputError, match="needs a reason"):
        reject_draft(site, "refund", "  ")
    kept = reject_draft(site, "refund", "one customer's billing case", by="sam", today=TODAY)
    assert kept == site.docs_dir / "_drafts" / "_rejected" / "refund.md"
    assert list_drafts(site.docs_dir) == []
    [rejected] = list_rejected(site.docs_dir)
    assert rejected.title == "Refund for one order" and rejected.provenance == ("5150",)
    article, _ = load_article(site.docs_dir, kept)
    assert article is not None
    assert article.meta["rejected"] == {"reason": "one customer's billing case", "date": "2026-11-23", "by": "sam"}
    assert not has_errors(check_docs(site.docs_dir))


def test_apply_merges_into_the_section_and_keeps_its_anchor(site: Settings, write: WriteArticle) -> None:
    write(
        "_drafts/update-export.md",
        draft_text(
            title="Fix: export misses the tax column", extra="proposal_for: billing/export-invoices.md#export-to-csv\n"
        ),
    )
    assert apply_proposal(site, "update-export", by="sam", today=TODAY) == "billing/export-invoices.md"
    text = (site.docs_dir / "billing/export-invoices.md").read_text()
    section = text.split("## Export to CSV", 1)[1].split("## Details", 1)[0]
    assert "**Export misses the tax column:**" in section and "2. Set Darkness to 12." in section
    article, _ = load_article(site.docs_dir, site.docs_dir / "billing/export-invoices.md")
    assert article is not None and "export-to-csv" in article.anchors
    assert article.meta["provenance"] == ["5150"] and article.meta["updated"] == TODAY
    assert list_drafts(site.docs_dir) == []
    assert (site.docs_dir / "_drafts" / "_applied" / "update-export.md").exists()
    index = SectionIndex.open(site)
    try:
        assert index.search("darkness").hits[0].anchor == "export-to-csv"
    finally:
        index.close()


def test_publish_updates_a_built_preview_site(site: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    preview = site.data_dir / "preview"
    build_site(site, site_dir=preview, drafts=True)
    assert (preview / "_drafts" / "label-printer" / "index.html").is_file()
    result = publish_draft(site, "label-printer")
    assert (preview / result.url.strip("/") / "index.html").is_file()
    assert not (preview / "_drafts" / "label-printer" / "index.html").exists()


def test_freeze_anchors_skips_code_and_explicit_ids() -> None:
    body = "# T\n\n## Steps\n\n```\n## not a heading\n```\n\n## Keep {#old}\n\n### Deep one\n"
    assert freeze_anchors(body) == (
        "# T\n\n## Steps {#steps}\n\n```\n## not a heading\n```\n\n## Keep {#old}\n\n### Deep one {#deep-one}\n"
    )


def test_cli_review_publish_reject_apply(site: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_DATA_DIR", str(site.data_dir))
    docs = ["--docs", str(site.docs_dir)]
    write("_drafts/label-printer.md", draft_text())
    shown = runner.invoke(app, ["review", "label-printer", *docs])
    assert shown.exit_code == 0 and "no problems: kb publish label-printer" in shown.output
    assert "tickets: 5150" in shown.output and "2 name" in shown.output
    write("_drafts/leaky.md", draft_text(title="Leaky", body="## Problem\n\nMail ann@example.com.\n"))
    leaky = runner.invoke(app, ["review", "leaky", *docs])
    assert leaky.exit_code == 1 and "email — personal data is still in the draft" in leaky.output
    published = runner.invoke(app, ["publish", "label-printer", "--by", "sam", *docs])
    assert published.exit_code == 0, published.output
    assert "published billing/fix-label-printer-prints-blank-labels.md" in published.output
    refused = runner.invoke(app, ["publish", "leaky", *docs])
    assert refused.exit_code == 1 and "Traceback" not in refused.output and "cannot be published" in refused.output
    rejected = runner.invoke(app, ["reject", "leaky", "--reason", "duplicate", *docs])
    assert rejected.exit_code == 0 and "_drafts/_rejected/leaky.md" in rejected.output
    missing = runner.invoke(app, ["apply", "nope", *docs])
    assert missing.exit_code == 1 and "no draft named 'nope'" in missing.output


def test_twenty_publishes_at_once_all_land(site: Settings, write: WriteArticle, tmp_path: Path) -> None:
    """Ten publishes in threads (like API requests) and ten CLI processes, all at once."""
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliett",
        "kilo",
        "lima",
        "mike",
        "november",
    ]
    words += ["oscar", "papa", "quebec", "romeo", "sierra", "tango"]
    names = [f"topic-{n}" for n in range(20)]
    for n, name in enumerate(names):
        title = f"Fix: {words[n]} gadget blinks red"
        write(f"_drafts/{name}.md", draft_text(title=title).replace("'5150'", f"'{7000 + n}'"))
    env = {**os.environ, "KB_DATA_DIR": str(site.data_dir), "KB_DOCS_DIR": str(site.docs_dir)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "publish", name],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in names[10:]
    ]
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda name: publish_draft(site, name), names[:10]))
    outputs = [p.communicate(timeout=240)[0].decode() for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    assert len({r.id for r in results}) == 10
    published = sorted((site.docs_dir / "billing").glob("fix-*-gadget-blinks-red.md"))
    assert len(published) == 20 and list_drafts(site.docs_dir) == []
    assert not has_errors(check_docs(site.docs_dir))
    manifest, _ = read_manifest(site.docs_dir)
    ids = [manifest.pages[f"/billing/{p.stem}/"].id for p in published]
    assert len(set(ids)) == 20
    index = SectionIndex.open(site)
    try:
        assert index.articles == 21
        for word in ("alpha", "november", "tango"):
            assert index.search(f"{word} gadget blinks red").hits[0].path == f"billing/fix-{word}-gadget-blinks-red.md"
    finally:
        index.close()
