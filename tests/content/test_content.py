"""The content model: front matter, sections, anchors identical to the built site's."""

from __future__ import annotations

import markdown
import pytest

from kb.content import article_url, parse_article
from kb.text import split_sentences
from tests.support.docs import article_text


def problems_of(text: str) -> list[str]:
    _article, problems = parse_article("billing/a.md", text)
    return [str(p) for p in problems]


def test_valid_article_has_lead_and_sections() -> None:
    article, problems = parse_article(
        "billing/export.md", article_text(body="Lead text.\n\n## Steps\n\nDo it.\n\n## Why\n\nBecause.\n")
    )
    assert problems == []
    assert article is not None
    assert [s.heading for s in article.sections] == ["", "Steps", "Why"]
    assert [s.anchor for s in article.sections] == ["", "steps", "why"]
    assert article.sections[0].markdown == "Lead text."
    assert article.category == "billing"
    assert article.url == "billing/export/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "billing/a.md:1: file is empty"),
        ("---\ntitle: 3\nsummary: Do it.\n---\n# T\n", "billing/a.md:2: front matter field 'title' must be text"),
        (
            "---\ntitle: T\nsummary: First. Second one.\n---\n# T\n",
            "billing/a.md:3: summary has more than one sentence",
        ),
        (
            "---\ntitle: T\nsummary: " + "word " * 50 + "\n---\n# T\n",
            "billing/a.md:3: summary is 249 characters, more than 200",
        ),
        (
            "---\ntitle: T\nsummary: S.\n---\n# Other\n",
            "billing/a.md:5: H1 'Other' differs from the title 'T'",
        ),
        ("---\ntitle: T\nsummary: S.\n---\nNo heading.\n", "billing/a.md:5: the article has no H1 heading"),
        ("---\ntitle: T\nsummary: S.\n---\n# T\n\n# T2\n", "billing/a.md:7: second H1 heading 'T2'"),
        (
            "---\ntitle: T\nsummary: S.\n---\n# T\n## A\n## A\n",
            "billing/a.md:7: duplicate heading 'A' gets anchor 'a_1'",
        ),
        (
            "---\ntitle: T\nsummary: S.\ntags: billing\n---\n# T\n",
            "billing/a.md:4: front matter field 'tags' must be a list",
        ),
        (
            "---\ntitle: T\nsummary: S.\nid: Bad Id!\n---\n# T\n",
            "billing/a.md:4: front matter field 'id' is invalid",
        ),
        (
            "---\ntitle: T\nsummary: S.\nupdated: yesterday\n---\n# T\n",
            "billing/a.md:4: front matter field 'updated' is not a date",
        ),
        ("---\ntitle: [T\nsummary: S.\n---\n# T\n", "billing/a.md:2: front matter is not valid YAML"),
        ("---\ntitle: T\nsummary: 'S.\n---\n# T\n", "billing/a.md:3: front matter is not valid YAML"),
        ("---\n- a\n- b\n---\n# T\n", "billing/a.md:2: front matter must be a mapping"),
        ("---\ntitle: T\nsummary: S.\n---\n# T\n```bash\nopen\n", "code fence ``` is never closed"),
    ],
)
def test_each_bad_input_gets_a_located_message(text: str, expected: str) -> None:
    messages = problems_of(text)
    assert any(m.startswith(expected) or expected in m for m in messages), messages
    assert all(" — " in m for m in messages), "every problem carries a hint"


def test_unknown_field_is_a_warning_not_an_error() -> None:
    _article, problems = parse_article("a/b.md", article_text(extra="colour: blue\n"))
    assert [(p.severity, p.message) for p in problems] == [("warning", "unknown front matter field 'colour'")]


def test_summary_abbreviations_stay_one_sentence() -> None:
    assert problems_of(article_text(summary="Use a filter, e.g. the date, to narrow the list.")) == []
    assert split_sentences("Open it. Then close it! Done?") == ["Open it.", "Then close it!", "Done?"]


def test_headings_in_code_fences_are_not_sections() -> None:
    article, _ = parse_article(
        "a/b.md", article_text(body="```bash\n# comment\n## also not\n```\n\n## Real\n")
    )
    assert article is not None
    assert [s.heading for s in article.sections] == ["", "Real"]


TRICKY_HEADINGS = [
    "Steps",
    "Steps",
    "Use `kb check` — now! (v2.0)",
    "Reset *your* [password](x.md) &amp; more",
    "Export to CSV {#csv-export}",
    "Café & crème",
    "Why 'No exact answer'?",
    "Custom {: #custom .wide }",
    "Snake_case_name and __dunder__",
    "Export invoices",
    "Steps",
    "HTML <b>bold</b> heading",
    "Ends with hashes ##",
    "   Spaced   out  ",
    "Émoji 🎉 heading",
    "Error E1042: export failed",
]


def test_anchors_match_python_markdown_toc() -> None:
    body = "\n".join(f"## {h}\n\ntext\n" for h in TRICKY_HEADINGS)
    text = article_text(title="Export invoices", body=body)
    article, _ = parse_article("a/b.md", text)
    assert article is not None
    ours = [s.anchor for s in article.sections[1:]]
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert(f"# Export invoices\n\n{body}")
    theirs = [t["id"] for t in md.toc_tokens[0]["children"]]
    assert ours == theirs


def test_explicit_ids_inside_code_fences_do_not_reserve_anchors() -> None:
    body = "```markdown\n## Example {#steps}\n```\n\n## Steps\n"
    article, _ = parse_article("a/b.md", article_text(body=body))
    assert article is not None
    assert article.sections[-1].anchor == "steps"


def test_links_are_collected_outside_code() -> None:
    body = "See [a](../x/y.md#z) and `[b](no.md)`.\n\n[ref]: other.md\n\n[web](https://e.com/a.md)\n"
    article, _ = parse_article("a/b.md", article_text(body=body))
    assert article is not None
    assert [(link.target, link.anchor) for link in article.links] == [("../x/y.md", "z"), ("other.md", "")]


@pytest.mark.parametrize(("path", "url"), [("a/b.md", "a/b/"), ("a/index.md", "a/"), ("index.md", "")])
def test_article_url_mirrors_mkdocs(path: str, url: str) -> None:
    assert article_url(path) == url
