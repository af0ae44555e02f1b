"""The synthetic corpus generator in bench/gen.py: deterministic, valid, varied, and careful with OUT."""

from __future__ import annotations

import importlib.util
import posixpath
import subprocess
import sys
from collections import Counter
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

from kb.content import Article, iter_article_files, load_article

GEN_PY = Path(__file__).resolve().parents[2] / "bench" / "gen.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_gen", GEN_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(GEN_PY.parent))  # gen.py imports its sibling modules, as when run as a script
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus200(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "docs"
    assert gen.main(["200", str(out), "--queries", str(out.parent / "queries.txt")]) == 0
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _articles(docs: Path) -> list[Article]:
    articles = []
    for file in iter_article_files(docs):
        article, problems = load_article(docs, file)
        # The only problem is the repeated heading a few articles have on purpose (a warning).
        assert all(p.severity == "warning" and "duplicate heading" in p.message for p in problems), problems
        assert article is not None
        articles.append(article)
    return articles


def test_same_arguments_give_identical_bytes(gen: ModuleType, tmp_path: Path) -> None:
    assert gen.main(["30", str(tmp_path / "a"), "--queries", str(tmp_path / "a.txt")]) == 0
    assert gen.main(["30", str(tmp_path / "b"), "--queries", str(tmp_path / "b.txt")]) == 0
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len([name for name in first if name.endswith(".md")]) == 31  # 30 articles and index.md
    assert first == second
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes()


def test_another_seed_gives_another_corpus(gen: ModuleType, tmp_path: Path) -> None:
    assert gen.main(["30", str(tmp_path / "a")]) == 0
    assert gen.main(["30", str(tmp_path / "b"), "--seed", "7"]) == 0
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_every_article_parses_without_problems(corpus200: Path) -> None:
    articles = _articles(corpus200)
    assert len(articles) == 200
    messy = 0
    for article in articles:
        sections = [s for s in article.sections if not s.is_lead]
        if sections and sections[0].heading == article.title and not sections[0].markdown.strip():
            messy += 1  # the title repeated as an empty H2, as real help centres have
            sections = sections[1:]
        assert 3 <= len(sections) <= 5, article.path
        assert len(article.summary) <= 200
        assert article.updated is not None
        assert article.tags
    assert 1 <= messy <= 15  # about 3 %
    assert (corpus200 / "index.md").read_text(encoding="utf-8").startswith("# Help Centre\n\n")


def test_titles_are_unique_and_files_are_named_after_them(gen: ModuleType, corpus200: Path) -> None:
    articles = _articles(corpus200)
    assert len({a.title for a in articles}) == len(articles)
    for article in articles:
        assert PurePosixPath(article.path).stem == gen.slugify(article.title)


def test_sections_are_distinct_and_realistic(corpus200: Path) -> None:
    sections = [s for a in _articles(corpus200) for s in a.sections if not s.is_lead and s.markdown.strip()]
    assert len({s.markdown for s in sections}) == len(sections)
    words = sorted(len(s.markdown.split()) for s in sections)
    assert 60 <= words[len(words) // 2] <= 150
    assert sum(55 <= w <= 190 for w in words) / len(words) > 0.98
    assert any("\n1. " in f"\n{s.markdown}" for s in sections)
    assert any("```" in s.markdown for s in sections)
    assert any(" `" in s.markdown for s in sections)
    assert any("**Settings \u203a " in s.markdown for s in sections)


def test_internal_links_point_at_existing_articles_and_anchors(corpus200: Path) -> None:
    articles = {a.path: a for a in _articles(corpus200)}
    links = [(a, link) for a in articles.values() for link in a.links]
    assert links
    for article, link in links:
        target = articles[posixpath.normpath(str(PurePosixPath(article.path).parent / link.target))]
        assert not link.anchor or link.anchor in target.anchors


def test_about_twenty_categories_each_with_metadata(corpus200: Path) -> None:
    counts = Counter(a.category for a in _articles(corpus200))
    assert 18 <= len(counts) <= 22
    for category in counts:
        meta = (corpus200 / category / "_category.yml").read_text(encoding="utf-8")
        assert meta.startswith("title: ")
        assert "\ndescription: " in meta
        assert "\norder: " in meta


def test_queries_are_user_questions_not_headings(corpus200: Path) -> None:
    queries = (corpus200.parent / "queries.txt").read_text(encoding="utf-8").splitlines()
    assert len(queries) == 500
    assert len(set(queries)) == 500
    copies = {a.title.lower() for a in _articles(corpus200)}
    copies |= {s.heading.lower() for a in _articles(corpus200) for s in a.sections}
    assert not copies & {q.rstrip("?") for q in queries}
    assert all(q and q == q.strip() for q in queries)


def test_refuses_a_non_empty_out_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "keep.md").write_text("# mine\n", encoding="utf-8")
    command = [sys.executable, str(GEN_PY), "5", str(out)]
    refused = subprocess.run(command, capture_output=True, text=True, check=False)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert (out / "keep.md").exists()
    forced = subprocess.run([*command, "--force"], capture_output=True, text=True, check=False)
    assert forced.returncode == 0, forced.stderr
    assert not (out / "keep.md").exists()
    assert len(list(iter_article_files(out))) == 5
