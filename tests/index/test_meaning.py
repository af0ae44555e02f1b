"""Ranking by meaning: the BM25F candidates re-ordered with sentence embeddings (kb/index/meaning.py)."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing

import pytest

from kb.answers import answer_question
from kb.config import Settings
from kb.content import load_article
from kb.index import SectionIndex, build_index, update_articles
from tests.support.docs import WriteArticle, article_text

PAIRING = article_text(
    title="Connect a second phone",
    summary="Scan the pairing code on the first phone with the second one.",
    body=(
        "Both phones need the app.\n\n"
        "## Pair the devices\n\nOpen Settings, choose Devices and scan the code shown on the other phone.\n\n"
        "## Remove a device\n\nChoose the device in Settings and then Remove device.\n"
    ),
)
BATTERY = article_text(
    title="Battery and charging",
    summary="The app uses little power when it runs in the background.",
    body=(
        "Background use is low.\n\n"
        "## The phone gets warm\n\nA warm phone while the first backup runs is normal; it cools down afterwards.\n"
    ),
)


@pytest.fixture
def phones(settings: Settings, write: WriteArticle) -> Settings:
    write("devices/connect-a-second-phone.md", PAIRING)
    write("devices/battery-and-charging.md", BATTERY)
    return settings


def test_a_question_in_other_words_finds_the_section_that_means_it(phones: Settings) -> None:
    build_index(phones)
    with closing(SectionIndex.open(phones)) as index:
        # Shares only "phone" with the sections; "warm" and "backup" are other words for it.
        hits = index.search("my phone heats up during the initial upload").hits
        assert (hits[0].path, hits[0].anchor) == ("devices/battery-and-charging.md", "the-phone-gets-warm")
        assert hits[0].similarity > hits[-1].similarity


def test_with_semantic_weight_0_no_model_is_used_and_words_decide(
    phones: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexical = dataclasses.replace(phones, semantic_weight=0.0)
    import kb.index.meaning as meaning

    monkeypatch.setattr(meaning, "encoder", lambda threads=1: pytest.fail("the model was loaded"))
    build_index(lexical)
    with closing(SectionIndex(lexical)) as index:
        results = index.search("scan the code on the other phone")
        assert not results.semantic and all(h.similarity == 0.0 for h in results.hits)
        assert results.hits[0].anchor == "pair-the-devices"
        assert answer_question(index, "how do I scan the pairing code", lexical.answer_threshold).answer
    assert not lexical.vectors_path.exists()


def test_sections_are_embedded_when_indexed_and_only_once(phones: Settings, write: WriteArticle) -> None:
    build_index(phones)
    with sqlite3.connect(phones.vectors_path) as db:
        first = db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    assert first == 5  # two leads and three sections
    write("devices/battery-and-charging.md", BATTERY.replace("cools down afterwards", "cools down after an hour"))
    article, _ = load_article(phones.docs_dir, phones.docs_dir / "devices/battery-and-charging.md")
    assert article is not None
    update_articles(phones, [article])
    with sqlite3.connect(phones.vectors_path) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == first + 1  # the edited section
    build_index(phones)  # a full build forgets the text no section has any more
    with sqlite3.connect(phones.vectors_path) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == first


def test_an_empty_section_answers_from_its_first_sub_section(settings: Settings, write: WriteArticle) -> None:
    write(
        "cloud/email-to-note.md",
        article_text(
            title="Email to note",
            summary="Send emails to your personal address to turn them into notes.",
            body=(
                "Every account has an address.\n\n## How to get your email address\n\n### Desktop\n\n"
                "Open the Configuration screen and copy the address from the Cloud tab.\n\n### Mobile\n\n"
                "Open Settings and find the Cloud section to copy the address.\n"
            ),
        ),
    )
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        answer = answer_question(index, "where do I find my email address for email to note", 0.0)
    assert answer.answer is not None and "copy the address" in answer.answer
    assert answer.source is not None and answer.source.heading in {"Desktop", "Mobile"}


def test_the_first_build_reports_the_sections_it_embeds(phones: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.semantic import cache

    monkeypatch.setattr(cache, "_MEMORY", type(cache._MEMORY)())  # as in a new process
    calls: list[tuple[str, int, int]] = []
    build_index(phones, progress=lambda task, done, total: calls.append((task, done, total)))
    embedded = [(done, total) for task, done, total in calls if task == "sections embedded"]
    assert embedded[0] == (0, 5) and embedded[-1] == (5, 5)
    calls.clear()
    build_index(phones, progress=lambda task, done, total: calls.append((task, done, total)))
    assert all(task != "sections embedded" for task, _, _ in calls)  # nothing new to embed


def test_a_command_without_the_model_leaves_a_publish_to_the_first_search(
    phones: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.index.meaning as meaning

    build_index(phones)
    with sqlite3.connect(phones.vectors_path) as db:
        before = db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    write("devices/battery-and-charging.md", BATTERY.replace("cools down afterwards", "is fine in an hour"))
    article, _ = load_article(phones.docs_dir, phones.docs_dir / "devices/battery-and-charging.md")
    assert article is not None
    monkeypatch.setattr(meaning, "loaded", lambda: False)  # as in a fresh `kb publish` process
    update_articles(phones, [article])
    with sqlite3.connect(phones.vectors_path) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == before
    with closing(SectionIndex.open(phones)) as index:
        hits = index.search("my phone heats up during the initial upload").hits
    assert hits[0].anchor == "the-phone-gets-warm" and hits[0].similarity > 0.3
    with sqlite3.connect(phones.vectors_path) as db:  # the search embedded and kept it
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == before + 1
