"""kb build on an imported help centre: every error printed, each kind of warning five times and
then counted, so the errors are not buried; kb check still lists every problem."""

from __future__ import annotations

from kb.cli.digest import SHOWN_PER_KIND, WarningDigest, warning_kind
from kb.config import Settings
from kb.content import Problem
from tests.site.test_build import build, kb
from tests.support.docs import WriteArticle, article_text


def test_a_kind_of_warning_is_the_message_without_what_it_names() -> None:
    assert warning_kind("unknown front matter field 'ms.date'") == "unknown front matter field '…'"
    assert warning_kind("HN 'A' differs from the title 'B'") == warning_kind("HN 'C' differs from the title 'D'")
    assert warning_kind("the article has no H1 heading") == "the article has no H1 heading"


def test_errors_are_all_printed_and_repeated_warnings_are_counted_with_what_they_name() -> None:
    printed: list[str] = []
    digest = WarningDigest("docs", printed.append, shown_per_kind=2)
    for number in range(6):
        digest(Problem(f"a{number}.md", 2, f"unknown front matter field 'ms.f{number % 4}'", severity="warning"))
        digest(Problem(f"a{number}.md", 9, "link to missing article 'x.md'", "fix the path"))
    digest(Problem("b.md", 1, "the article has no H1 heading", severity="warning"))
    assert sum("missing article" in line for line in printed) == 6  # every error
    assert sum("front matter" in line for line in printed) == 2
    assert "docs/b.md:1: the article has no H1 heading (warning)" in printed
    assert digest.closing() == [
        "warnings not printed, by kind:",
        "  4  unknown front matter field '…' ('ms.f2', 'ms.f3', 'ms.f0', 'ms.f1')",
        "  kb check lists every one of kb's",
    ]


def test_nothing_to_count_when_no_kind_repeats_past_the_limit() -> None:
    digest = WarningDigest("docs", lambda line: None)
    for number in range(SHOWN_PER_KIND):
        digest(Problem(f"a{number}.md", 2, "unknown front matter field 'x'", severity="warning"))
    assert digest.closing() == []


def test_kb_build_prints_each_kind_of_warning_five_times_and_counts_the_rest(
    settings: Settings, write: WriteArticle
) -> None:
    for number in range(8):
        write(f"billing/a{number}.md", article_text(title=f"Article {number}", extra="ms.date: 2024-01-01\n"))
    write("billing/broken.md", article_text(title="Broken", body="Lead.\n\nSee [the guide](missing.md).\n"))
    code, out, err = build(settings)
    assert code == 0, err
    assert err.count("unknown front matter field 'ms.date'") == SHOWN_PER_KIND
    assert "docs/billing/broken.md:9: link to missing article 'missing.md'" in err
    assert "warnings not printed, by kind:\n  3  unknown front matter field '…' ('ms.date')" in err
    assert "kb check lists every one of kb's" in err and "MkDocs' own" not in err
    assert out.strip().splitlines()[-1].endswith("; 8 warnings, 1 error (see above)")
    _code, check_out, _err = kb(settings, "check")
    assert check_out.count("unknown front matter field 'ms.date'") == 8


def test_mkdocs_own_warnings_are_digested_too(settings: Settings, write: WriteArticle) -> None:
    for number in range(7):
        body = f"Lead.\n\n![Screenshot](missing-{number}.png)\n"
        write(f"billing/b{number}.md", article_text(title=f"Article {number}", body=body))
    code, _out, err = build(settings)
    assert code == 0, err
    assert err.count("contains a link 'missing-") == SHOWN_PER_KIND
    assert "  2  Doc file '…' contains a link '…'" in err
    assert "mkdocs build lists every one of MkDocs' own" in err
    assert "kb check lists every one of kb's" not in err
