"""The agent UI's preview renders a draft with the site's own Markdown extensions: what an agent
sees in the editor is what customers will see."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from kb.config import Settings
from kb.site import build_site, render_markdown
from search_api.agent.preview import preview_html
from tests.support.docs import WriteArticle, article_text

BODY = """Lead.

## Steps {#do-this}

!!! warning "Careful"
    Unplug the printer first.

??? note "Why"
    The head is hot.

> [!NOTE]
> Written as GitHub writes an alert.

Term
:   Its definition.
"""


def _main(html: str) -> str:
    """The article's body as the page shows it: from the first section heading to the end of the content."""
    start = html.index('<h2 id="do-this"')
    end = html.index("</dd>", start) + len("</dd>")
    return re.sub(r"\s+", " ", html[start:end])


def test_the_preview_renders_extensions_as_the_site_does(settings: Settings, write: WriteArticle) -> None:
    write("printing/a.md", article_text(title="A", body=BODY))
    site = build_site(settings).site_dir
    page = (site / "printing" / "a" / "index.html").read_text(encoding="utf-8")
    preview = preview_html(settings, "A", "Open Billing and choose Export.", BODY)
    assert _main(preview) == _main(page)
    assert 'class="admonition warning"' in preview and "<details" in preview and "<dl>" in preview
    assert 'class="admonition note"' in page and "[!NOTE]" not in page  # GitHub's alert, as an admonition


def test_the_preview_follows_an_extension_mkdocs_yml_adds(settings: Settings, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Test\ntheme:\n  name: material\nplugins:\n  - kb\nmarkdown_extensions:\n  - footnotes\n"
    )
    text = "A claim.[^1]\n\n[^1]: The source.\n"
    assert 'class="footnote"' not in render_markdown(settings, text)
    with_footnotes = dataclasses.replace(settings, mkdocs_config=config)
    assert 'class="footnote"' in render_markdown(with_footnotes, text)
    # GitHub's alerts render whatever mkdocs.yml lists, as the kb plugin adds them to every build.
    assert 'class="admonition tip"' in render_markdown(with_footnotes, "> [!TIP]\n> Hold the button.\n")


def test_raw_html_in_a_draft_is_sanitised_in_the_preview(settings: Settings) -> None:
    html = render_markdown(settings, 'Hi <script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html and "onerror" not in html
