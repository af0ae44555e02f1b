"""An unmodified MkDocs docs folder works: parsing, kb check, the category tree, the nav, the site,
the index and the Ask box (issue 11). The fixtures are small MkDocs-style trees written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.answers import answer_question
from kb.authoring import check_docs
from kb.config import Settings
from kb.content import load_catalog, parse_article
from kb.index import SectionIndex, build_index
from kb.index.schema import article_docs
from kb.site import apply_nav, build_site, nav_sections
from tests.support.docs import WriteArticle

# A MkDocs project as people write them: no kb front matter, top-level pages, nested folders with
# their own index.md, Material's front matter fields, relative links of every kind.
MKDOCS_TREE: dict[str, str] = {
    "index.md": "---\ntemplate: home.html\ntitle: Acme docs\n---\n\nWelcome to the Acme documentation.\n",
    "getting-started.md": (
        "# Getting started\n\n"
        "Acme installs with one command on any laptop. Then you configure it.\n\n"
        "## Installation\n\nRun the installer and follow the prompts. See [colors](setup/colors.md).\n\n"
        "![Screenshot](assets/shot.png)\n"
    ),
    "license.md": "---\nicon: material/license\n---\n\n# License\n\nAcme is released under the MIT licence.\n",
    "setup/index.md": (
        "# Setup\n\nConfigure the look and the behaviour of your site here.\n\n"
        "## Site structure\n\nThe header and the footer are configurable.\n"
    ),
    "setup/colors.md": (
        "---\ntitle: Changing the colours\ndescription: Pick a primary colour for the header. Then an accent.\n"
        "status: new\nhide:\n  - navigation\n  - toc\ntags: [design]\n---\n\n"
        "# Changing the colors\n\n"
        "The header uses the primary colour.\n\n"
        "### Primary color { id=primary-color }\n\nSet palette.primary to a named colour like indigo.\n\n"
        "Back to [getting started](../getting-started.md#installation), the [setup overview](index.md), "
        "[extensions](extensions/index.md), [snippets](../_snippets/abbreviations.md) and "
        "[the example](#example).\n\n"
        "``` { .yaml #example }\ntheme:\n  palette:\n    primary: indigo\n```\n"
    ),
    "setup/extensions/index.md": "# Extensions\n\nMarkdown extensions add syntax like admonitions and tabs.\n",
    "setup/extensions/python-markdown.md": (
        "# Python Markdown\n\nThe toc extension makes the heading permalinks. See [colors](../colors.md).[^1]\n\n"
        "[^1]: Read the [footnote](#fn:1) too.\n"
    ),
    "blog/posts/hello.md": (
        "---\ndate: 2024-01-02\nauthors: [ada]\ncategories: [News]\nslug: hello\n---\n\n"
        "# Hello blog\n\nThe blog starts with a post about fluorescent zebras.\n"
    ),
    "internal/secret.md": (
        "---\nsearch:\n  exclude: true\n---\n\n# Internal notes\n\nThe quartermaster password rotates weekly.\n"
    ),
    "_snippets/abbreviations.md": "*[HTML]: Hyper Text Markup Language\n",
}

MKDOCS_YML = """site_name: Acme
theme:
  name: material
  font: false
plugins:
  - kb
markdown_extensions:
  - attr_list
  - footnotes
  - toc:
      permalink: true
nav:
  - Home: index.md
  - Getting started:
    - getting-started.md
    - License: license.md
  - Configuration:
    - setup/index.md
    - Colours: setup/colors.md
    - Syntax:
      - setup/extensions/index.md
      - setup/extensions/python-markdown.md
  - News:
    - blog/posts/hello.md
"""


def write_tree(write: WriteArticle) -> None:
    for rel, text in MKDOCS_TREE.items():
        write(rel, text)


def parsed(text: str, path: str = "guide.md") -> tuple[object, list[str], list[str]]:
    article, problems = parse_article(path, text)
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity == "warning"]
    return article, errors, warnings


def test_a_page_without_front_matter_takes_its_title_from_the_h1_and_its_summary_from_the_first_sentence() -> None:
    article, errors, warnings = parsed(
        "# Using `git` with **Acme**\n\n__Acme clones\nrepositories fast.__ It also pulls.[^1]\n\n## More\n\nText.\n"
    )
    assert errors == []
    assert article.title == "Using git with Acme"  # type: ignore[attr-defined]
    assert article.summary == "Acme clones repositories fast."  # type: ignore[attr-defined]
    assert len(warnings) == 1
    assert "guide.md:1: front matter field 'summary' is missing; kb uses the first sentence" in warnings[0]


def test_mkdocs_title_and_description_stand_in_for_title_and_summary() -> None:
    article, errors, warnings = parsed(
        "---\ntitle: Colours\ndescription: Pick a colour for the header. Then pick an accent.\n---\n\nNo H1 here.\n"
    )
    assert errors == []
    assert article.title == "Colours"  # type: ignore[attr-defined]
    assert article.summary == "Pick a colour for the header."  # type: ignore[attr-defined]
    assert any("kb uses MkDocs' description" in w for w in warnings)
    assert any("has no H1 heading" in w for w in warnings)


def test_a_page_with_no_title_at_all_is_named_after_its_file_with_a_warning() -> None:
    article, errors, warnings = parsed("Just some words on a page.\n", "setup/changing-the-logo.md")
    assert errors == []
    assert article.title == "Changing the logo"  # type: ignore[attr-defined]
    assert any("no title or H1 heading; kb calls it 'Changing the logo'" in w for w in warnings)


def test_material_fields_are_accepted_and_checked_as_material_reads_them() -> None:
    fields = (
        "title: T\nsummary: S.\nicon: material/x\nstatus: deprecated\ntemplate: main.html\nsubtitle: Sub\n"
        "hide: [navigation, toc, footer]\nsearch: {exclude: false}\ndescription: D.\ndate: 2024-01-01\n"
        "authors: [ada]\ncategories: [News]\nlinks: [a.md]\nslug: s\nreadtime: 3\npin: true\ndraft: false\n"
        "social: {cards: false}\ncomments: true\n"
    )
    _, errors, warnings = parsed(f"---\n{fields}---\n# T\n\nBody text here.\n")
    assert (errors, warnings) == ([], [])
    _, _, bad = parsed("---\ntitle: T\nsummary: S.\nhide: [sidebar]\nsearch: yes\n---\n# T\n\nBody.\n")
    assert any("guide.md:4: front matter field 'hide' has unknown value(s): 'sidebar'" in w for w in bad)
    assert any("guide.md:5: front matter field 'search' is not understood" in w for w in bad)


def test_material_status_is_a_badge_and_kb_status_a_workflow_state() -> None:
    badge, _, _ = parsed("---\ntitle: T\nsummary: S.\nstatus: new\n---\n# T\n\nBody.\n")
    draft, _, _ = parsed("---\ntitle: T\nsummary: S.\nstatus: draft\n---\n# T\n\nBody.\n")
    assert (badge.status, badge.badge) == ("published", "new")  # type: ignore[attr-defined]
    assert (draft.status, draft.badge) == ("draft", None)  # type: ignore[attr-defined]


def test_search_exclude_keeps_a_page_out_of_the_index() -> None:
    excluded, _, _ = parsed("---\nsearch:\n  exclude: true\n---\n# Secret\n\nHidden words here.\n")
    kept, _, _ = parsed("---\nsearch:\n  exclude: false\n---\n# Open\n\nVisible words here.\n")
    assert list(article_docs(excluded)) == []  # type: ignore[arg-type]
    assert [d.kind for d in article_docs(kept)] == ["lead"]  # type: ignore[arg-type]


def test_kb_check_on_mkdocs_docs_has_no_errors_and_resolves_every_kind_of_link(
    docs: Path, write: WriteArticle
) -> None:
    write_tree(write)
    problems = check_docs(docs)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == []
    # Pages without kb's summary get exactly one warning each, nothing about Material's fields.
    warnings = [str(p) for p in problems if p.severity == "warning"]
    assert not [w for w in warnings if "unknown front matter field" in w]
    assert len([w for w in warnings if "'summary' is missing" in w]) == 8


def test_a_link_that_is_really_broken_is_still_an_error(docs: Path, write: WriteArticle) -> None:
    write_tree(write)
    write("setup/broken.md", "# Broken\n\nSee [design](../design-principles.md) and [x](colors.md#nowhere).\n")
    errors = {str(p).split(" — ")[0] for p in check_docs(docs) if p.severity == "error"}
    assert errors == {
        "setup/broken.md:3: link to missing article '../design-principles.md'",
        "setup/broken.md:3: link to missing anchor '#nowhere' in 'setup/colors.md'",
    }


def test_nested_folders_are_sub_categories_and_a_folder_index_is_its_landing_page(
    docs: Path, write: WriteArticle
) -> None:
    write_tree(write)
    catalog = load_catalog(docs)
    setup = next(c for c in catalog.categories if c.slug == "setup")
    assert setup.page is not None and setup.page.path == "setup/index.md"
    assert setup.title == "Setup"  # the landing page's title
    assert [a.path for a in setup.articles] == ["setup/colors.md"]
    assert [(s.slug, s.title) for s in setup.subcategories] == [("setup/extensions", "Extensions")]
    assert [c.slug for c in catalog.categories] == ["blog", "internal", "setup"]
    assert [(c.slug, c.title) for c in catalog.all_categories()][:2] == [("blog", "Blog"), ("blog/posts", "Posts")]
    assert [a.path for a in catalog.top_pages()] == ["getting-started.md", "license.md"]


def test_mkdocs_nav_sets_category_titles_and_order(docs: Path, write: WriteArticle) -> None:
    import yaml

    write_tree(write)
    nav = yaml.safe_load(MKDOCS_YML)["nav"]
    assert nav_sections(nav) == {
        "setup": ("Configuration", 2),
        "setup/extensions": ("Syntax", 3),
        "blog/posts": ("News", 4),
    }
    catalog = apply_nav(load_catalog(docs), nav)
    assert [(c.slug, c.title) for c in catalog.categories] == [
        ("setup", "Configuration"),
        ("blog", "Blog"),  # its sub-category is in the nav
        ("internal", "Internal"),  # not in the nav: still there, last
    ]
    assert catalog.categories[0].subcategories[0].title == "Syntax"


@pytest.fixture
def mkdocs_site(tmp_path: Path, settings: Settings, write: WriteArticle) -> Settings:
    """The MkDocs tree built by a real MkDocs build with its own mkdocs.yml, and indexed."""
    write_tree(write)
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    project = Settings(
        docs_dir=settings.docs_dir, site_dir=settings.site_dir, data_dir=settings.data_dir, mkdocs_config=config
    )
    build_site(project)
    build_index(project)
    return project


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _nav(html: str) -> str:
    return html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-sidebar md-sidebar--secondary"')]


def test_a_real_mkdocs_build_makes_every_page_and_listing(mkdocs_site: Settings) -> None:
    site = mkdocs_site.site_dir
    for rel in MKDOCS_TREE:
        if not rel.startswith("_"):
            url = re.sub(r"(^|/)index\.md$", r"\1", rel).removesuffix(".md")
            assert (site / url / "index.html").is_file() if url else (site / "index.html").is_file(), rel
    # the landing page keeps its own text and lists its folder's articles and sub-categories
    setup = _page(site, "setup")
    assert "The header and the footer are configurable." in setup
    assert 'href="colors/"' in setup and 'href="extensions/"' in setup
    # folders without an index.md get a generated listing page
    posts = _page(site, "blog/posts")
    assert "Hello blog" in posts and "fluorescent zebras" in posts
    # the left nav lists categories, with the nav's titles and order, never the articles
    nav = _nav(_page(site, "setup/colors"))
    assert nav.index("Configuration") < nav.index("Blog") < nav.index("Internal")
    assert "Changing the colors" not in nav and "Python Markdown" not in nav
    # top-level pages are listed on the home page; a template the theme lacks falls back to main.html
    home = _page(site, "")
    assert 'href="getting-started/"' in home and 'href="license/"' in home
    # Material's own meaning is kept: hide: [navigation, toc] hides both sidebars on that page only
    hidden = 'data-md-component="sidebar" data-md-type="{}" hidden>'
    colors, license_page = _page(site, "setup/colors"), _page(site, "license")
    assert hidden.format("navigation") in colors and hidden.format("toc") in colors
    assert hidden.format("toc") not in license_page


def test_the_ask_box_answers_from_mkdocs_pages_but_not_from_excluded_ones(mkdocs_site: Settings) -> None:
    index = SectionIndex.open(mkdocs_site)
    try:
        # the answer is the summary kb made from MkDocs' description
        answer = answer_question(index, "How do I pick a primary colour?", mkdocs_site.answer_threshold)
        assert answer.answer == "Pick a primary colour for the header."
        assert answer.source is not None and answer.source.path == "setup/colors.md"
        # sections of pages without front matter are in the index, with their anchors
        answer = answer_question(index, "How do I run the installer?", mkdocs_site.answer_threshold)
        assert answer.source is not None
        assert (answer.source.path, answer.source.anchor) == ("getting-started.md", "installation")
        named = index.search("palette primary named indigo").hits
        assert (named[0].path, named[0].anchor) == ("setup/colors.md", "primary-color")
        zebras = index.search("fluorescent zebras").hits
        assert [h.path for h in zebras][:1] == ["blog/posts/hello.md"]
        assert index.search("quartermaster password").hits == ()
    finally:
        index.close()
