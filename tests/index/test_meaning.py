"""Ranking by meaning: the BM25F candidates re-ordered with sentence embeddings (kb/index/meaning.py)."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.answers import answer_question
from kb.config import Settings
from kb.content import load_article
from kb.index import SectionIndex, build_index, embedding_text, update_articles
from kb.index.meaning import Meaning, embedding_texts
from kb.index.results import Concept
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


def test_a_misspelt_question_is_read_by_the_model_as_if_spelt_right(phones: Settings) -> None:
    build_index(phones)
    with closing(SectionIndex.open(phones)) as index:
        right = index.search("my phone heats up during the first backup")
        typo = index.search("my phone heats up during the first bakcup")
        assert typo.understood == "my phone heats up during the first backup"
        assert right.understood == ""  # nothing to correct: the model reads what was asked
        assert typo.hits[0].key == right.hits[0].key
        assert typo.hits[0].similarity == pytest.approx(right.hits[0].similarity)
        assert answer_question(index, typo.query, 0.0).confidence == pytest.approx(
            answer_question(index, right.query, 0.0).confidence, abs=0.05
        )


@pytest.mark.parametrize(
    ("typed", "correction"),
    [
        ("cant", "can"),  # an English word the model knows: "can't" must not become "can"
        ("clash", "crash"),
        ("keywords", "keyboards"),  # two edits away: a guess, not a typo
    ],
)
def test_the_model_keeps_a_word_whose_correction_is_a_guess(phones: Settings, typed: str, correction: str) -> None:
    meaning = Meaning(phones)
    concepts = [Concept(typed, ((typed,), (correction,)), 1.0, correction)]
    assert meaning.understood(f"sync {typed} notes", concepts) == f"sync {typed} notes"
    fixed = [Concept("stck", (("stck",), ("stuck",)), 1.0, "stuck")]
    assert meaning.understood("sync stck notes", fixed) == "sync stuck notes"


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
    embedded = [(done, total) for task, done, total in calls if task == "passages embedded"]
    assert embedded[0] == (0, 5) and embedded[-1] == (5, 5)
    calls.clear()
    build_index(phones, progress=lambda task, done, total: calls.append((task, done, total)))
    assert all(task != "passages embedded" for task, _, _ in calls)  # nothing new to embed


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


_BACKUP_DETAIL = (
    "Backups run every night while the phone charges and is on Wi-Fi. "
    "Each backup is encrypted on the device before it leaves it, with a key only you hold. "
    "The first backup copies everything and can take a few hours; later ones copy only what changed. "
    "Backups are kept for 30 days, and older ones are removed automatically. "
    "You can see the date of the last backup in Settings under Backup. "
    "Photos and videos are included unless you turn them off in the same screen. "
    "A backup made on one phone can be restored on any other phone signed in to your account. "
    "Restoring replaces what is on the phone, so make a backup of the new phone first if it holds anything. "
)
BACKUPS = article_text(
    title="Backups",
    summary="Your phone is backed up every night.",
    body=(
        "Backups keep your data safe.\n\n## How backups work\n\n"
        f"{_BACKUP_DETAIL}\n\n{_BACKUP_DETAIL.replace('Backups', 'Copies')}\n\n"
        "If the phone runs out of free space, the nightly job is skipped until you delete some files.\n"
    ),
)


def test_an_answer_deep_in_a_long_section_finds_that_section(settings: Settings, write: WriteArticle) -> None:
    write("backups/how-backups-work.md", BACKUPS)
    write(
        "backups/storage-plans.md",
        article_text(
            title="Storage plans",
            summary="Choose how much room your account has.",
            body="Plans come in 50 GB, 200 GB and 2 TB.\n\n## Upgrade your plan\n\nOpen Settings, choose Plan and pick "
            "a larger one when your storage is full.\n",
        ),
    )
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        # The section's opening is about backups in general; its last passage says what happens
        # when the phone is full. Judged by its opening alone, the article's lead came first.
        hits = index.search("my phone is full and nothing was saved last night").hits
    assert (hits[0].path, hits[0].anchor) == ("backups/how-backups-work.md", "how-backups-work")


def test_a_long_section_is_embedded_as_its_opening_and_its_passages() -> None:
    body = "\n".join(f"Sentence number {n} says a little about the backups of the phone." for n in range(40))
    fields = {"title_text": "Backups", "heading_text": "How backups work", "body": body}
    texts = embedding_texts(fields)
    assert texts[0] == embedding_text(fields)
    assert len(texts) > 3
    assert all(t.startswith("Backups. How backups work. ") and len(t) < 700 for t in texts[1:])
    assert "Sentence number 39 " in texts[-1]  # the end of the body is read too
    assert embedding_texts({**fields, "body": "Short."}) == [embedding_text({**fields, "body": "Short."})]
    huge = embedding_texts({**fields, "body": body * 100})  # 260 KB: its first 24 passages only
    assert len(huge) == 25 and huge[1:] == embedding_texts({**fields, "body": body * 8})[1:25]


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300), max_size=12))
def test_every_sentence_past_the_opening_passage_is_in_a_passage(lines: list[str]) -> None:
    body = "\n".join(lines)
    texts = embedding_texts({"title_text": "T", "body": body})
    assert texts[0] == embedding_text({"title_text": "T", "body": body})
    passages = " ".join(t.removeprefix("T. ") for t in texts[1:])
    if len(body) > 600:
        # Only the opening passage (read by texts[0]) is left out of the passages.
        words = body.split()
        assert passages.split() == words[len(words) - len(passages.split()) :]
    else:
        assert texts[1:] == []
