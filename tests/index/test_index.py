"""The section index and answers: ranking, stemming, synonyms, spelling, honesty, updates."""

from __future__ import annotations

import os
from contextlib import closing
from pathlib import Path

import pytest

from kb.answers import answer_question, evaluate, load_questions, text_fragment_url
from kb.config import Settings
from kb.content import load_article, load_catalog
from kb.index import SectionIndex, build_index, current_index_dir, update_articles
from kb.index.words import MAX_QUERY_WORDS
from tests.support.docs import EXPORT, WriteArticle, article_text
from tests.support.paths import ROOT

LOGIN = article_text(
    title="Sign in with single sign-on",
    summary="Choose Continue with SSO on the sign-in page and enter your work email.",
    body=(
        "Single sign-on uses your company identity provider.\n\n"
        "## Locked out\n\nAsk your admin to unlock the account.\n"
    ),
)


@pytest.fixture
def index(settings: Settings, write: WriteArticle) -> SectionIndex:
    write("billing/export-invoices.md", EXPORT)
    write("account/sign-in-with-sso.md", LOGIN)
    (settings.docs_dir / "_synonyms.yml").write_text("- [log in, sign in, login]\n- [bill, invoice]\n")
    build_index(settings)
    return SectionIndex.open(settings)


def test_exact_heading_match_ranks_that_section_first(index: SectionIndex) -> None:
    hits = index.search("why the export is empty").hits
    assert (hits[0].path, hits[0].anchor) == ("billing/export-invoices.md", "why-the-export-is-empty")
    assert "<mark>" in hits[0].snippet


def test_stemming_matches_other_word_forms(index: SectionIndex) -> None:
    hits = index.search("scheduling exports monthly").hits
    assert hits[0].anchor == "schedule-a-monthly-export"


def test_synonyms_expand_the_question(index: SectionIndex) -> None:
    assert index.search("how do I log in").hits[0].path == "account/sign-in-with-sso.md"
    assert index.search("download my bills").hits[0].path == "billing/export-invoices.md"


def test_misspelling_gets_a_suggestion_and_still_finds(index: SectionIndex) -> None:
    results = index.search("exprot invoices")
    assert results.suggestion == "export invoices"
    assert results.hits[0].path == "billing/export-invoices.md"


def test_an_english_word_the_docs_do_not_use_gets_no_did_you_mean(index: SectionIndex) -> None:
    # "cant" is one letter from the docs' "can", "locker" from "locked": both are words customers
    # type, and "Did you mean: my invoices can be exported" would turn the question round.
    for asked in ("my invoices cant be exported", "admin locker for the account"):
        assert index.search(asked).suggestion is None
    assert index.search("exprot invoices").suggestion == "export invoices"  # a typo still is one


def test_did_you_mean_leaves_real_words_alone_and_keeps_the_text_as_typed(
    settings: Settings, write: WriteArticle
) -> None:
    write(
        "account/phone-and-currency.md",
        article_text(
            title="Phone number and base currency",
            summary="Add your phone number and choose the base currency on the Account page.",
            body="Open Account and type your phone number.\n\n## Base currency\n\nPick the base currency.\n",
        ),
    )
    build_index(settings)
    index = SectionIndex.open(settings)
    # "bake" is one letter from the docs' "base", and the model cuts it into pieces, but it is an
    # English word used a fifth as often as "base" (more than 15 %): typed on purpose, not a typo.
    assert index.search("can I bake a cake").suggestion is None
    # "pone" is a rare English word too, but used a three-thousandth as often as "phone".
    assert index.search("change my pone number").suggestion == "change my phone number"
    # The greeting is not searched for, but the suggestion keeps it: it is the message, corrected.
    assert index.search("Hi, where do I add my pone number?").suggestion == "Hi, where do I add my phone number?"
    assert index.search("Pone number").suggestion == "Phone number"


def test_a_question_written_as_to_a_person_is_answered_as_the_bare_question(index: SectionIndex) -> None:
    bare = answer_question(index, "why is the export empty", 0.0)
    polite = answer_question(index, "Hi team, why is the export empty? Thanks in advance, Anna", 0.0)
    assert polite.source is not None and bare.source is not None
    assert polite.source.key == bare.source.key
    assert polite.answer == bare.answer
    assert polite.confidence == pytest.approx(bare.confidence, abs=0.02)
    assert polite.query.startswith("Hi team")  # what was asked is kept as asked


def test_user_syntax_is_never_parsed(index: SectionIndex) -> None:
    for text in (
        "title:export",
        "exp*",
        "export~2",
        "export AND OR NOT (",
        '"export',
        "path:billing/export-invoices.md",
    ):
        index.search(text)  # must not raise
    assert index.search("export OR anything").hits[0].path == "billing/export-invoices.md"
    words = " ".join(f"word{n}" for n in range(200))
    assert len(index.plan(words)[0]) <= MAX_QUERY_WORDS


def test_answer_is_one_sentence_with_a_text_fragment_link(index: SectionIndex) -> None:
    answer = answer_question(index, "why is my invoice export empty", 0.35)
    assert answer.answer == "The export is empty when the date filter excludes every invoice."
    assert answer.source is not None and answer.source.anchor == "why-the-export-is-empty"
    assert answer.source_url is not None
    assert answer.source_url.startswith("billing/export-invoices/#why-the-export-is-empty:~:text=")


def test_an_answer_that_announces_steps_goes_on_to_the_first_step(settings: Settings, write: WriteArticle) -> None:
    write(
        "app/stuck-on-the-logo.md",
        article_text(
            title="App stuck on the logo",
            summary="A frozen start screen is fixed by clearing the app's cache.",
            body=(
                "Some phones keep an old cache after an update.\n\n## Fix a frozen start screen\n\n"
                "If the app freezes on its logo for more than a minute, try these steps in order:\n\n"
                "1. Open Settings > Apps > Notes > Storage and tap Clear cache, then reopen the app.\n"
                "2. Reinstall the app.\n"
            ),
        ),
    )
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        answer = answer_question(index, "app freezes on the logo", 0.0)
    # "...try these steps in order:" alone tells the customer nothing.
    assert answer.answer == (
        "If the app freezes on its logo for more than a minute, try these steps in order: "
        "Open Settings > Apps > Notes > Storage and tap Clear cache, then reopen the app."
    )
    fragment = "text=If%20the%20app%20freezes%20on,cache%2C%20then%20reopen%20the%20app"
    assert answer.source_url is not None and answer.source_url.endswith(fragment)


def test_an_announcing_sentence_goes_on_only_to_a_sentence_of_its_own_text(
    settings: Settings, write: WriteArticle
) -> None:
    write(  # no summary: the lead's summary is its first sentence, which announces the steps
        "account/reset-password.md",
        "---\ntitle: Reset your password\n---\n# Reset your password\n\nTo reset your password, follow "
        "these steps:\n\n1. Open the sign-in page and choose Forgot password.\n2. Open the email.\n",
    )
    write(
        "billing/plans.md",
        article_text(
            title="Plans and prices",
            summary="Every plan is billed monthly.",
            body="Prices differ by country.\n\n## Prices by plan\n\nThe plans and their prices are as follows:"
            "\n\n| Plan | Price |\n|---|---|\n| Basic | 5 |\n",
        ),
    )
    build_index(settings)
    with closing(SectionIndex.open(settings)) as index:
        reset = answer_question(index, "reset my password", 0.0)
        prices = answer_question(index, "what are the prices of the plans", 0.0)
    first_step = "Open the sign-in page and choose Forgot password."
    assert reset.answer == f"To reset your password, follow these steps: {first_step}"
    assert prices.answer == "The plans and their prices are as follows:"  # not "... follows: Plan Price"


def test_off_topic_question_gets_no_answer(index: SectionIndex) -> None:
    answer = answer_question(index, "what is the capital of france", 0.35)
    assert answer.answer is None and answer.source is None
    assert answer.confidence < 0.35


def test_text_fragment_encodes_dashes_and_commas() -> None:
    url = text_fragment_url("a/b/#c", "Use sign-in, then wait.")
    assert url == "a/b/#c:~:text=Use%20sign%2Din%2C%20then%20wait"
    long = text_fragment_url("a/", " ".join(f"w{n}" for n in range(20)) + ".")
    assert long == "a/#:~:text=w0%20w1%20w2%20w3%20w4,w15%20w16%20w17%20w18%20w19"


def test_incremental_update_replaces_one_article(
    index: SectionIndex, settings: Settings, write: WriteArticle
) -> None:
    folder = current_index_dir(settings)
    path = write("billing/export-invoices.md", EXPORT.replace("date filter", "currency filter"))
    article, _ = load_article(settings.docs_dir, path)
    assert article is not None
    update_articles(settings, [article])
    assert current_index_dir(settings) == folder  # no full rebuild
    index.refresh(force=True)
    answer = answer_question(index, "why is my invoice export empty", 0.35)
    assert answer.answer is not None and "currency filter" in answer.answer
    assert index.articles == 2
    update_articles(settings, removed=["account/sign-in-with-sso.md"])
    index.refresh(force=True)
    assert index.articles == 1
    assert all(h.path != "account/sign-in-with-sso.md" for h in index.search("single sign-on").hits)


def test_a_published_word_becomes_the_correction_of_a_typo_asked_before(
    index: SectionIndex, settings: Settings, write: WriteArticle
) -> None:
    """Corrections are remembered per index generation: a publish brings new ones at once."""
    assert index.search("reconcile the ledgr").suggestion is None  # no page has a word like it
    path = write(
        "billing/ledger.md",
        article_text(title="Reconcile the ledger", summary="Match payments to invoices.", body="Open Ledger."),
    )
    article, _ = load_article(settings.docs_dir, path)
    assert article is not None
    update_articles(settings, [article])
    index.refresh(force=True)
    assert index.search("reconcile the ledgr").suggestion == "reconcile the ledger"


def test_a_crash_mid_build_leaves_the_old_index_serving(
    index: SectionIndex, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = current_index_dir(settings)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("kb.index.build._write_meta", explode)
    with pytest.raises(RuntimeError):
        build_index(settings)
    assert current_index_dir(settings) == before
    assert [p.name for p in settings.data_dir.glob("index-*")] == [before.name if before else ""]
    assert index.search("export").hits


def test_full_rebuild_swaps_atomically_and_readers_follow(
    index: SectionIndex, settings: Settings, write: WriteArticle
) -> None:
    write("billing/refunds.md", article_text(title="Ask for a refund", summary="Refunds take five days."))
    old = current_index_dir(settings)
    build_index(settings)
    new = current_index_dir(settings)
    assert new != old and os.path.islink(settings.data_dir / "index")
    index.refresh(force=True)
    assert index.search("refund").hits[0].path == "billing/refunds.md"


def test_quality_on_the_bundled_docs(bundled: Settings) -> None:
    """The team's floor for answer quality on kb's own help centre (see bench/quality.py)."""
    index = SectionIndex.open(bundled)
    result = evaluate(
        index, load_questions(ROOT / "tests" / "data" / "questions.yml"), bundled.answer_threshold
    )
    assert result.questions >= 40
    assert result.article_at_1 >= 0.78, result.summary()
    assert result.section_at_1 >= 0.50, result.summary()
    assert result.mrr_at_10 >= 0.84, result.summary()
    assert load_catalog(bundled.docs_dir).articles


def test_off_topic_questions_about_the_bundled_docs_get_no_answer(bundled: Settings) -> None:
    import yaml

    index = SectionIndex.open(bundled)
    questions = yaml.safe_load((ROOT / "tests" / "data" / "offtopic.yml").read_text())
    answered = [q for q in questions if answer_question(index, q, bundled.answer_threshold).answer]
    assert answered == []


def test_searching_without_an_index_says_how_to_build_one(tmp_path: Path, settings: Settings) -> None:
    from kb.errors import IndexMissingError

    with pytest.raises(IndexMissingError, match="kb index"):
        SectionIndex.open(settings)


@pytest.mark.parametrize("first", [10, 40, 2])
def test_a_search_for_fewer_hits_after_one_for_more_gives_what_a_fresh_index_gives(
    settings: Settings, write: WriteArticle, first: int
) -> None:
    """The Ask box reads five hits and the results list shows ten: the cache serves both, alike.
    Past the 30 candidates ranked, a longer search ranks more of them (40 sections here)."""
    for n in range(20):
        write(
            f"exports/export-{n}.md",
            article_text(
                title=f"Export report {n}",
                summary=f"Export report {n} as a file from the Reports page.",
                body=f"Open Reports and export report {n}.\n\n## Export on a schedule\n\nSchedule the export.\n",
            ),
        )
    build_index(settings)
    index = SectionIndex.open(settings)
    asked = "how do I export a report"
    longer = index.search(asked, first)
    shorter = index.search(asked, 5)
    with closing(SectionIndex.open(settings)) as fresh:
        assert shorter == fresh.search(asked, 5)
        assert longer == fresh.search(asked, first)
    assert first < 5 or (len(shorter.hits) == 5 and shorter.hits == longer.hits[:5])


def test_a_cached_search_is_for_the_text_as_typed(index: SectionIndex) -> None:
    """Punctuation says where a greeting and a sentence end: the cache tells such texts apart."""
    plain = index.search("hi team why is the export empty thanks anna")
    polite = index.search("Hi team, why is the export empty? Thanks, Anna")
    assert polite.query == "Hi team, why is the export empty? Thanks, Anna"
    assert polite.understood == "why is the export empty?" != plain.understood
    assert index.search("why  is the export empty").query == "why  is the export empty"
