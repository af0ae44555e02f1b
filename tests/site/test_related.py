"""Related articles computed again only where a publish can change them, and still exactly what a
full computation gives (the partial site update relies on it)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kb.site.related as related
from kb.content import Article
from kb.site.related import related_articles

TAGS = ["billing", "export", "csv", "sync", "login", "mobile", "sso", "api"]
FOLDERS = ["billing", "account", "sync"]
WORDS = ["export", "invoices", "sync", "stuck", "reset", "password", "api", "tokens"]


@st.composite
def libraries(draw: st.DrawFn) -> dict[str, Article]:
    count = draw(st.integers(min_value=2, max_value=25))
    found: dict[str, Article] = {}
    for number in range(count):
        path = f"{draw(st.sampled_from(FOLDERS))}/a-{number}.md"
        title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))).capitalize()
        tags = tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3)))
        found[path] = Article(path, title, "A summary.", tags)
    return found


@st.composite
def edits(draw: st.DrawFn, library: dict[str, Article]) -> dict[str, Article]:
    """The library after a few publishes, renames, retags and removals."""
    changed = dict(library)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        action = draw(st.sampled_from(["add", "retitle", "retag", "remove"]))
        if action == "add" or not changed:
            path = f"{draw(st.sampled_from(FOLDERS))}/new-{len(changed)}-{draw(st.integers(0, 999))}.md"
            changed[path] = Article(path, draw(st.sampled_from(WORDS)).capitalize(), "New.",
                                    tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3))))  # fmt: skip
            continue
        path = draw(st.sampled_from(sorted(changed)))
        old = changed[path]
        if action == "remove":
            del changed[path]
        elif action == "retitle":
            changed[path] = Article(path, old.title + " " + draw(st.sampled_from(WORDS)), old.summary, old.tags)
        else:
            tags = tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3)))
            changed[path] = Article(path, old.title, old.summary, tags)
    return changed


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_recomputing_only_what_a_change_touches_equals_a_full_computation(data: st.DataObject) -> None:
    library = data.draw(libraries())
    after = data.draw(edits(library))
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.json"
        related_articles(library.values(), cache)  # the last build
        assert related_articles(after.values(), cache) == related_articles(after.values())


def test_a_publish_recomputes_only_the_articles_sharing_its_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = [Article(f"f/a-{n}.md", f"Article {n}", "S.", (f"t{n % 50}",)) for n in range(500)]
    cache = tmp_path / "related.json"
    related_articles(library, cache)
    asked: list[int] = []
    real = related._compute

    def counting(articles: list[Article], wanted: set[str] | None) -> object:
        asked.append(len(articles) if wanted is None else len(wanted))
        return real(articles, wanted)

    monkeypatch.setattr(related, "_compute", counting)
    published = [*library, Article("f/new.md", "New article", "S.", ("t7",))]
    found = related_articles(published, cache)
    assert asked == [11]  # the new article and the ten that share its tag, not 501
    assert [r.path for r in found["f/new.md"]][:1] and found == related_articles(published)
