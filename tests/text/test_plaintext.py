"""Markdown → plain text for the index: each construct a help article uses, reduced to its words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.text import markdown_to_text, paragraphs


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Open **Settings \u203a Billing** and choose *Export*.", "Open Settings \u203a Billing and choose Export."),
        (
            "Use `a*b_c` and ***both*** and __under__ and ~~gone~~ and ==mark==.",
            "Use a*b_c and both and under and gone and mark.",
        ),
        ("```bash\nkb index --docs x\n```\nAfter the fence.", "kb index --docs x\n\nAfter the fence."),
        ("~~~\ncode\n~~~", "code"),
        ("<!-- hidden -->Shown <b>bold</b> <https://example.com>", "Shown bold https://example.com"),
        (
            "See [the guide](../a.md#steps) and ![logo](x.png) and [ref][1].\n\n[1]: https://x.y",
            "See the guide and logo and ref.",
        ),
        ("## Heading {#custom-id}\n\nText", "Heading\n\nText"),
        ('!!! warning "Careful"\n    Body of note.', "Careful\nBody of note."),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a b\n\n1 2"),
        ("1. First\n2. Second\n- third\n> quoted", "First\n\nSecond\n\nthird\nquoted"),
        ("> [!NOTE]\n> Unplug the printer first.", "Unplug the printer first."),
        ("Lead.\n\n> [!tip]  \n>\n> Hold the button.", "Lead.\n\nHold the button."),
        ("> [!NOTE] is how GitHub writes an alert.", "[!NOTE] is how GitHub writes an alert."),
        ("Tom &amp; Jerry \\[not a link\\]", "Tom & Jerry [not a link]"),
        ("line   with\t\ttabs  \n\n\n\nnext paragraph", "line with tabs\n\nnext paragraph"),
        ("---\n\nafter rule", "after rule"),
        ("Use **bold that\nwraps a line** here.", "Use bold that\nwraps a line here."),
        ("**not across\n\na paragraph**", "**not across\n\na paragraph**"),
        ("*not across*\r\n\r\n*CRLF* paragraphs", "not across\n\nCRLF paragraphs"),
        ("- Set max_size to 10.\n- Set min_size to 1.", "Set max_size to 10.\n\nSet min_size to 1."),
        ("Use __init__ and _this_ but keep snake_case_name.", "Use init and this but keep snake_case_name."),
        ("**" + "long bold words " * 30 + "end**", ("long bold words " * 30 + "end").strip()),
        ("Run `git clone <url>` or `a|b` now.", "Run git clone <url> or a|b now."),
        ("`# not a heading` and `- not a list`", "# not a heading and - not a list"),
        ("Write `{#var}`, `[x](y)`, `&amp;` and `\\n` as code.", "Write {#var}, [x](y), &amp; and \\n as code."),
        ("plain words only", "plain words only"),
        ("", ""),
    ],
)
def test_markdown_to_text(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text


_CODE_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="`\ufdd0\ufdd1"), min_size=1
).filter(lambda text: text.strip() == text)


@given(_CODE_TEXT)
def test_a_code_span_reads_as_written(code: str) -> None:
    shown = re.sub(r"[ \t]+", " ", code)
    assert f" {shown} " in markdown_to_text(f"Run `{code}` now.")


def test_paragraphs_join_lines_and_drop_blank_blocks() -> None:
    assert paragraphs("one\ntwo\n\n  \n\nthree") == ["one two", "three"]
