"""Editing published articles: the draft checks, frozen anchors, stale edits, live index and site."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.authoring import check_docs, has_errors
from kb.config import Settings
from kb.content import load_article
from kb.errors import ContentError, InputError, NotFoundError, StaleEditError
from kb.index import SectionIndex, build_index
from kb.permalinks import read_manifest
from kb.review import edit_live, freeze_renamed, list_versions, publish_draft, review_live, rollback_live, version_text
from kb.site import build_site
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

TODAY = dt.date(2026, 11, 24)
PATH = "billing/export-invoices.md"
ARTICLE = (
    "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\nid: exinv\n---\n# Export invoices\n\n"
    "Lead.\n\n## Export to CSV {#export-to-csv}\n\nOpen Billing and click Export.\n\n"
    "## Details {#details}\n\nMore.\n\n## Limits {#limits}\n\nAt most 500 rows.\n"
)


@pytest.fixture
def site(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/_category.yml", "title: Billing\n")
    write(PATH, ARTICLE)
    build_index(settings)
    return settings


def _body(settings: Settings) -> str:
    return (settings.docs_dir / PATH).read_text()


def test_an_edit_is_checked_written_searchable_and_kept_as_a_version(site: Settings) -> None:
    live = review_live(site, PATH)
    body = live.text.split("# Export invoices\n", 1)[1].replace("More.", "Pick the columns with Choose fields.")
    result = edit_live(site, PATH, agent="sam", summary="Open Billing, then Export.", body=body,
                       expected=live.etag, today=TODAY)  # fmt: skip
    assert result.changed and result.url == "/billing/export-invoices/" and result.etag != live.etag
    article, problems = load_article(site.docs_dir, site.docs_dir / PATH)
    assert article is not None and not has_errors(problems)
    assert article.summary == "Open Billing, then Export." and article.id == "exinv"
    assert article.meta["updated"] == TODAY
    index = SectionIndex.open(site)
    try:
        assert index.search("choose fields columns").hits[0].path == PATH  # live in the index
    finally:
        index.close()
    versions = list_versions(site, PATH)
    # the text as it was (kb kept no history before), then the edit by sam
    assert [v.agent for v in versions] == ["sam", "kb"]
    assert version_text(site, PATH, versions[0].id) == _body(site)


def test_a_renamed_heading_keeps_its_published_anchor(site: Settings) -> None:
    live = review_live(site, PATH)
    body = live.text.split("# Export invoices\n", 1)[1]
    body = body.replace("## Export to CSV {#export-to-csv}", "## Download a spreadsheet")
    body = body.replace("## Details {#details}", "## Details")
    edit_live(site, PATH, agent="sam", body=body)
    text = _body(site)
    assert "## Download a spreadsheet {#export-to-csv}" in text
    assert "## Details {#details}" in text
    assert not has_errors(check_docs(site.docs_dir))  # the permalink contract holds


def test_a_new_heading_gets_its_own_frozen_anchor_and_a_removed_one_is_redirected(site: Settings) -> None:
    body = review_live(site, PATH).text.split("# Export invoices\n", 1)[1]
    body = body.replace("## Details {#details}\n\nMore.\n\n", "")
    body += "\n## Troubleshooting\n\nCheck the filters.\n"
    result = edit_live(site, PATH, agent="sam", body=body)
    assert "## Troubleshooting {#troubleshooting}" in _body(site)
    assert result.redirected == (("details", "export-to-csv"),)
    manifest, _ = read_manifest(site.docs_dir)
    assert manifest.anchor_redirects["/billing/export-invoices/"] == {"details": "export-to-csv"}
    assert {"troubleshooting", "details"} <= manifest.pages["/billing/export-invoices/"].anchors
    assert not has_errors(check_docs(site.docs_dir))


def test_freeze_renamed_does_not_steal_an_anchor_that_moved() -> None:
    from kb.content import parse_article

    old, _ = parse_article(PATH, ARTICLE)
    assert old is not None
    swapped = ARTICLE.replace("## Export to CSV {#export-to-csv}", "## Limits").replace("## Limits {#limits}", "## New")
    text, removed = freeze_renamed(old, swapped)
    # "Limits" keeps its words, so its own id; "New" sits where Limits was but that id is taken
    assert "## Limits {#limits}" in text and "## New {#new}" in text
    assert removed == {"export-to-csv": "limits"}  # nothing before it survives: the first section


def test_a_stale_edit_is_refused_and_changes_nothing(site: Settings) -> None:
    live = review_live(site, PATH)
    edit_live(site, PATH, agent="ann", summary="Someone else changed it first.")
    before = _body(site)
    with pytest.raises(StaleEditError):
        edit_live(site, PATH, agent="sam", summary="My change.", expected=live.etag)
    assert _body(site) == before


def test_an_edit_that_fails_the_checks_or_adds_personal_data_is_refused(site: Settings) -> None:
    before = _body(site)
    with pytest.raises(ContentError, match=r"missing\.md"):
        edit_live(site, PATH, agent="sam", body="## Steps\n\nSee [this](missing.md).\n")
    with pytest.raises(ContentError, match="phone") as error:
        edit_live(site, PATH, agent="sam", body="## Steps\n\nCall +1 415 555 0199.\n")
    assert "555" not in error.value.message
    with pytest.raises(InputError, match="summary cannot be empty"):
        edit_live(site, PATH, agent="sam", summary="  ")
    with pytest.raises(ContentError, match="every section"):
        edit_live(site, PATH, agent="sam", body="Just a paragraph.\n")
    assert _body(site) == before
    assert list_versions(site, PATH) == []


def test_only_published_articles_are_edited_here(site: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    with pytest.raises(InputError, match="not a published article"):
        review_live(site, "_drafts/label-printer.md")
    with pytest.raises(NotFoundError):
        review_live(site, "billing/nothing.md")
    with pytest.raises(InputError):
        review_live(site, "../outside.md")
    assert review_live(site, "/billing/export-invoices/").path == PATH  # its page URL works too


def test_an_unchanged_save_makes_no_version(site: Settings) -> None:
    live = review_live(site, PATH)
    body = live.text.split("# Export invoices\n", 1)[1]
    result = edit_live(site, PATH, agent="sam", body=body, today=TODAY)
    assert not result.changed and _body(site) == ARTICLE and list_versions(site, PATH) == []


def test_rollback_is_a_new_version_and_keeps_the_contract(site: Settings) -> None:
    edit_live(site, PATH, agent="ann", summary="First change.")
    body = review_live(site, PATH).text.split("# Export invoices\n", 1)[1] + "\n## Added later\n\nNew.\n"
    edit_live(site, PATH, agent="ann", body=body)
    versions = list_versions(site, PATH)
    original = versions[-1]
    assert original.agent == "kb"
    result = rollback_live(site, PATH, original.id, agent="sam", today=TODAY)
    article, _ = load_article(site.docs_dir, site.docs_dir / PATH)
    assert article is not None and article.summary == "Open Billing and click Export."
    assert result.redirected == (("added-later", "limits"),)  # the later section's link still lands
    after = list_versions(site, PATH)
    assert len(after) == len(versions) + 1 and after[0].agent == "sam" and "Rolled back" in after[0].message
    assert not has_errors(check_docs(site.docs_dir))
    with pytest.raises(NotFoundError):
        rollback_live(site, PATH, "../../etc/passwd", agent="sam")


def test_publish_keeps_the_first_version(site: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    result = publish_draft(site, "label-printer", reviewed_by="pat")
    versions = list_versions(site, result.path)
    assert len(versions) == 1 and versions[0].agent == "pat" and "Published" in versions[0].message


def test_an_edit_updates_a_built_site(site: Settings) -> None:
    build_site(site)
    edit_live(site, PATH, agent="sam", title="Export your invoices")
    page = (site.site_dir / "billing" / "export-invoices" / "index.html").read_text()
    assert "Export your invoices" in page
    assert 'id="export-to-csv"' in page
