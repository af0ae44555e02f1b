"""Deep links that look right when shared: head tags, JSON-LD, social cards and related articles,
on real builds, with hostile titles, and kept current by a partial site update (issue 19)."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import kb.content.catalog_cache
import kb.site.update
from kb.config import Settings
from kb.site import build_site, update_site
from kb.site.cards import card_dest, card_svg
from kb.site.share import ArticleShare, head_markup, page_sections
from tests.support.docs import WriteArticle, article_text
from tests.support.sites import assert_same_as_a_full_build

MKDOCS_YML = """site_name: Test <Help> & "Centre"
site_url: https://help.example.com/
theme:
  name: material
  font: false
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
plugins:
  - kb
"""
HOSTILE = 'Refunds </script><script>alert(1)</script> & "quotes" <b>'


class _Head(HTMLParser):
    """The tags of a page's <head> as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "body":
            self._in_head = False
        if not self._in_head:
            return
        if tag == "meta":
            self.meta.append(found)
        elif tag == "script":
            self._script = found
            self.scripts.append((found, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def content(self, key: str, name: str) -> list[str]:
        return [m.get("content", "") for m in self.meta if m.get(key) == name]

    def json_ld(self) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        for attrs, text in self.scripts:
            if attrs.get("type") == "application/ld+json":
                data = json.loads(text)
                found.extend(data if isinstance(data, list) else [data])
        return found


def head_of(page: str) -> _Head:
    parser = _Head()
    parser.feed(page)
    return parser


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kb.content.catalog_cache, "RACY_SECONDS", 0.0)


@pytest.fixture
def share_site(tmp_path: Path, settings: Settings, write: WriteArticle) -> Settings:
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    settings = dataclasses.replace(settings, mkdocs_config=config)
    write("index.md", "# Help\n\nStart here.\n")
    write("billing/_category.yml", "title: Billing & <Payments>\norder: 1\n")
    write(
        "billing/refunds.md",
        article_text(
            title=json.dumps(HOSTILE),
            summary=json.dumps('Ask for a refund in Billing </script> & "Refunds".'),
            extra="id: ref01\nupdated: 2026-02-03\ntags: [refunds, billing]\n",
            body=(
                "Lead.\n\n## Steps\n\n1. Open **Billing**.\n2. Choose *Refund*.\n\n"
                "## Can I get a refund after 30 days?\n\nNo, after 30 days refunds close.\n\n"
                "## Who approves a refund?\n\nThe account owner.\n"
            ),
        ),
    )
    write(
        "billing/invoices.md",
        article_text(title="Download invoices", summary="Open Billing.", extra="tags: [billing, invoices]\n"),
    )
    write(
        "billing/tax.md",
        article_text(title="Tax on invoices", summary="VAT.", extra="tags: [invoices]\n", body="VAT is shown.\n"),
    )
    write("billing/lonely.md", article_text(title="Lonely page", summary="Alone.", extra="tags: [nothing-else]\n"))
    build_site(settings)
    return settings


def page(settings: Settings, url: str) -> str:
    return (settings.site_dir / url / "index.html").read_text(encoding="utf-8")


def test_article_head_carries_the_summary_open_graph_twitter_and_json_ld(share_site: Settings) -> None:
    head = head_of(page(share_site, "billing/refunds"))
    summary = 'Ask for a refund in Billing </script> & "Refunds".'
    assert head.content("name", "description") == [summary]  # one description: the article's, not the site's
    assert head.content("property", "og:title") == [HOSTILE]
    assert head.content("property", "og:description") == [summary]
    assert head.content("property", "og:url") == ["https://help.example.com/billing/refunds/"]
    assert head.content("property", "og:type") == ["article"]
    assert head.content("property", "og:image") == ["https://help.example.com/assets/kb/cards/billing/refunds.svg"]
    assert head.content("name", "twitter:card") == ["summary_large_image"]
    # No script from the title or summary: the only scripts in the head are the theme's and kb's JSON-LD.
    assert not any("alert(1)" in text for attrs, text in head.scripts if attrs.get("type") != "application/ld+json")
    kinds = {item["@type"]: item for item in head.json_ld()}
    assert set(kinds) == {"TechArticle", "FAQPage", "HowTo"}
    assert kinds["TechArticle"]["headline"] == HOSTILE
    assert kinds["TechArticle"]["articleSection"] == "Billing & <Payments>"
    assert kinds["TechArticle"]["dateModified"] == "2026-02-03"
    steps = kinds["HowTo"]["step"]
    assert isinstance(steps, list)
    assert [s["text"] for s in steps] == ["Open Billing.", "Choose Refund."]
    assert steps[0]["url"] == "https://help.example.com/billing/refunds/#steps"
    questions = kinds["FAQPage"]["mainEntity"]
    assert isinstance(questions, list)
    assert [q["name"] for q in questions] == ["Can I get a refund after 30 days?", "Who approves a refund?"]
    assert questions[1]["acceptedAnswer"]["text"] == "The account owner."


def test_plain_article_gets_a_tech_article_only(share_site: Settings) -> None:
    head = head_of(page(share_site, "billing/tax"))
    assert [item["@type"] for item in head.json_ld()] == ["TechArticle"]
    assert head.content("name", "description") == ["VAT."]


def test_the_social_card_is_valid_svg_with_title_category_and_site_name(share_site: Settings) -> None:
    card = share_site.site_dir / "assets/kb/cards/billing/refunds.svg"
    root = ET.fromstring(card.read_bytes())
    texts = " ".join(t for t in root.itertext() if t.strip())
    assert "Billing & <Payments>" in texts
    assert 'Test <Help> & "Centre"' in texts
    lines = [t.text for t in root.iter("{http://www.w3.org/2000/svg}tspan")]
    assert "".join(line or "" for line in lines).replace(" ", "").startswith("Refunds</script><script>alert(1)")
    assert len(lines) > 1  # wrapped
    assert not (share_site.site_dir / "assets/kb/cards/index.svg").exists()  # the home page is no article


def test_related_articles_share_tags_at_most_five_and_are_escaped(share_site: Settings) -> None:
    refunds = page(share_site, "billing/refunds")
    assert "Related articles" in refunds
    assert '<a href="../../billing/invoices/">Download invoices</a>' in refunds
    invoices = page(share_site, "billing/invoices")
    # Tax shares the rarer tag ("invoices": two articles) so it ranks above Refunds ("billing").
    assert invoices.index("Tax on invoices</a>") < invoices.index("&lt;script&gt;alert(1)")
    assert "<script>alert(1)" not in invoices
    assert "Related articles" not in page(share_site, "billing/lonely")


def test_a_partial_update_keeps_cards_and_related_lists_as_a_full_build(
    share_site: Settings, write: WriteArticle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the update built the site in full")

    monkeypatch.setattr(kb.site.update, "full_build", refuse)
    write("billing/credit.md", article_text(title="Credit notes", summary="Ask.", extra="tags: [invoices]\n"))
    update = update_site(share_site, share_site.site_dir, False)
    assert "billing/credit.md" in update.built
    assert "billing/tax.md" in update.built  # its related list gained Credit notes
    assert (share_site.site_dir / "assets/kb/cards/billing/credit.svg").is_file()
    assert "Credit notes</a>" in page(share_site, "billing/tax")
    assert_same_as_a_full_build(share_site, share_site.site_dir, False, tmp_path)

    (share_site.docs_dir / "billing/credit.md").unlink()
    write("billing/tax.md", article_text(title="VAT on invoices", summary="VAT.", extra="tags: [invoices]\n"))
    update = update_site(share_site, share_site.site_dir, False)
    assert update.removed == ("billing/credit.md",)
    assert not (share_site.site_dir / "assets/kb/cards/billing/credit.svg").exists()
    assert "VAT on invoices" in (share_site.site_dir / "assets/kb/cards/billing/tax.svg").read_text(encoding="utf-8")
    assert_same_as_a_full_build(share_site, share_site.site_dir, False, tmp_path / "again")


def test_card_place_follows_the_page() -> None:
    assert card_dest("billing/refunds/index.html") == "assets/kb/cards/billing/refunds.svg"
    assert card_dest("billing/refunds.html") == "assets/kb/cards/billing/refunds.svg"
    assert card_dest("index.html") == "assets/kb/cards/index.svg"


# Titles with markup, quotes, JSON and XML specials, line separators and control characters.
hostile = st.lists(
    st.sampled_from([*"<>&\"'/\\ \n\t\u2028\u2029\x00\x07\x1b{}[]:;=`é漢😀", "</script>", "<!--", "]]>", "word"]),
    min_size=1,
    max_size=40,
).map("".join)


@given(title=hostile, summary=hostile, category=hostile)
@hsettings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_strings_never_break_the_head_or_the_card(title: str, summary: str, category: str) -> None:
    share = ArticleShare(title, summary, "https://h.example/a/", "https://h.example/a.svg", "Site", category)
    sections = page_sections(f"<h2 id=\"steps\">Steps</h2><ol><li>{title.replace('<', '&lt;')}</li></ol>")
    head = head_of(f"<html><head>{head_markup(share, sections)}</head><body></body></html>")
    assert len(head.scripts) == 1  # nothing closed the JSON-LD script or opened another
    items = head.json_ld()
    spaced = re.sub(r"\s+", " ", title).strip()
    assert items[0]["headline"] == spaced if len(spaced) <= 110 else str(items[0]["headline"]).endswith("…")
    assert items[0]["description"] == summary
    assert head.content("property", "og:title") == [title]
    assert head.content("property", "og:description") == [summary]
    root = ET.fromstring(card_svg(title, category, "Site & <Co>").encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
