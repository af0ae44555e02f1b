"""Answer quality against a set of questions with their gold sections: what ``kb eval`` runs.

A question file is YAML: a list of ``{question, article, anchor}`` where ``article`` is the
path relative to the docs dir and ``anchor`` the gold section ("" for the article's lead), and
optionally ``answer``, the sentence (or words) that answer it: then kb eval also reports the
answer-sentence F1, SQuAD's word-overlap F1 between kb's one-sentence answer and it (0 when kb
gives no answer), averaged over the questions that have one.
The regression set of a docs folder is its ``_questions.yml`` plus every published article's
front matter ``questions:`` (customers' questions kept from the tickets it was written from);
those name no section, so they count for article@1 and MRR@10 only.
Reported: section@1 (the top hit is the gold section), article@1 (the top hit is in the gold
article), MRR@10 over articles, and the answer rate (a confident answer was given). With an
``_unanswerable.yml`` beside it (a list of questions the docs do not answer), also how often kb
abstains on answerable questions and the F1 of its "no answer" over both sets (the positive
class is "no answer": precision is the share of its abstentions that were on unanswerable
questions, recall the share of unanswerable questions it abstained on).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.answers.reading import answer_message
from kb.config import Settings
from kb.content import iter_article_files, load_article
from kb.errors import InputError
from kb.index import SectionIndex
from kb.progress import Progress, counter

__all__ = [
    "QUESTIONS_FILE",
    "UNANSWERABLE_FILE",
    "Asked",
    "AtThreshold",
    "Evaluation",
    "GoldQuestion",
    "answer_f1",
    "evaluate",
    "evaluate_docs",
    "load_questions",
    "load_unanswerable",
    "regression_questions",
]

QUESTIONS_FILE = "_questions.yml"
_ARTICLES = frozenset({"a", "an", "the"})
UNANSWERABLE_FILE = "_unanswerable.yml"


@dataclass(frozen=True)
class GoldQuestion:
    """A question and where it should land; ``anchor`` None: anywhere in the article."""

    question: str
    article: str
    anchor: str | None
    answer: str | None = None  # the words that answer it, when the question file gives them


@dataclass(frozen=True)
class Asked:
    """One question as kb would answer it at any threshold: its confidence, whether the top
    section has a sentence to answer with, and (answerable questions) whether the top hit is in
    the gold article and the answer-sentence F1 of that sentence (None without a gold answer)."""

    confidence: float
    has_sentence: bool
    right: bool | None = None  # None: an off-topic question
    f1: float | None = None

    def answered(self, threshold: float) -> bool:
        return self.has_sentence and self.confidence >= threshold


@dataclass(frozen=True)
class AtThreshold:
    """The answer figures ``kb eval --thresholds`` prints for one ``answer_threshold``."""

    threshold: float
    abstain_rate: float  # of the answerable questions
    wrongly_answered: int  # off-topic questions answered
    no_answer_f1: float | None
    answer_f1: float | None
    answers_right: float | None  # share of all answers (off-topic ones count as wrong) in the right article


@dataclass(frozen=True)
class Evaluation:
    """The figures; ``section_at_1`` is over the ``sectioned`` questions that name a section."""

    questions: int
    section_at_1: float
    article_at_1: float
    mrr_at_10: float
    answer_rate: float
    misses: tuple[tuple[str, str, str], ...]  # (question, gold, got): the top hit is not in the gold article
    sectioned: int = 0
    unanswerable: int = 0  # off-topic questions asked
    wrongly_answered: tuple[str, ...] = ()  # those kb answered anyway
    answer_f1: float | None = None  # mean answer-sentence F1 over the questions with an ``answer``
    with_answer: int = 0
    asked: tuple[Asked, ...] = ()  # every question, answerable first: the figures at any threshold

    def at(self, threshold: float) -> AtThreshold:
        """The answer figures had ``answer_threshold`` been ``threshold`` (ranking is the same)."""
        own = [a for a in self.asked if a.right is not None]
        off = [a for a in self.asked if a.right is None]
        answered = [a for a in self.asked if a.answered(threshold)]
        abstain = sum(not a.answered(threshold) for a in own) / len(own) if own else 1.0  # as abstain_rate
        wrongly = sum(a.answered(threshold) for a in off)
        f1s = [a.f1 if a.answered(threshold) else 0.0 for a in own if a.f1 is not None]
        return AtThreshold(
            threshold,
            abstain,
            wrongly,
            _no_answer_f1(len(off), wrongly, round(abstain * len(own))) if off else None,
            sum(f1s) / len(f1s) if f1s else None,
            sum(bool(a.right) for a in answered) / len(answered) if answered else None,
        )

    @property
    def abstain_rate(self) -> float:
        """Share of answerable questions kb gave no answer to."""
        return 1.0 - self.answer_rate

    @property
    def no_answer_f1(self) -> float | None:
        """F1 of "no answer" over answerable and unanswerable questions (None without the latter)."""
        if not self.unanswerable:
            return None
        return _no_answer_f1(self.unanswerable, len(self.wrongly_answered), round(self.abstain_rate * self.questions))

    def summary(self) -> str:
        text = (
            f"{self.questions} questions: section@1 {self.section_at_1:.3f}, article@1 {self.article_at_1:.3f}, "
            f"MRR@10 {self.mrr_at_10:.3f}, answered {self.answer_rate:.1%}"
        )
        f1 = self.no_answer_f1
        if f1 is not None:
            text += (
                f"; abstains on {self.abstain_rate:.1%} of answerable questions, answers "
                f"{len(self.wrongly_answered)} of {self.unanswerable} unanswerable ones, no-answer F1 {f1:.3f}"
            )
        return text


def _no_answer_f1(unanswerable: int, wrongly_answered: int, abstained_answerable: int) -> float:
    """F1 of "no answer": its precision is the share of abstentions that were on off-topic
    questions, its recall the share of off-topic questions abstained on."""
    right = unanswerable - wrongly_answered
    abstained = right + abstained_answerable
    precision = right / abstained if abstained else 0.0
    recall = right / unanswerable
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_questions(path: Path) -> list[GoldQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise InputError(f"{path}: must be a list of questions", "write - question: ..., article: ..., anchor: ...")
    questions = []
    for number, item in enumerate(data, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("question"), str)
            or not isinstance(item.get("article"), str)
        ):
            raise InputError(f"{path}: entry {number} needs 'question' and 'article' text", "fix that entry")
        answer = item.get("answer")
        if answer is not None and not (isinstance(answer, str) and answer.strip()):
            raise InputError(f"{path}: entry {number}: 'answer' must be text", "write the sentence or drop it")
        questions.append(GoldQuestion(item["question"], item["article"], str(item.get("anchor") or ""), answer))
    return questions


def load_unanswerable(path: Path) -> list[str]:
    """The questions of an ``_unanswerable.yml``: a list of strings."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(q, str) and q.strip() for q in data):
        raise InputError(f"{path}: must be a list of questions (text)", "write one '- question' per line")
    return [" ".join(q.split()) for q in data]


def regression_questions(docs_dir: Path) -> list[GoldQuestion]:
    """``docs/_questions.yml`` (if any), then each published article's front matter ``questions``."""
    file = docs_dir / QUESTIONS_FILE
    questions = load_questions(file) if file.is_file() else []
    for path in iter_article_files(docs_dir):
        article, _problems = load_article(docs_dir, path)
        asked = article.meta.get("questions") if article is not None else None
        if article is None or not isinstance(asked, list):
            continue  # kb check reports what is wrong with it
        questions.extend(
            GoldQuestion(" ".join(q.split()), article.path, None) for q in asked if isinstance(q, str) and q.strip()
        )
    return questions


def evaluate_docs(
    settings: Settings,
    *,
    use_index: bool = False,
    progress: Progress | None = None,
    questions_file: Path | None = None,
    unanswerable_file: Path | None = None,
) -> Evaluation:
    """Evaluate the regression questions of ``settings.docs_dir`` (or those of ``questions_file``),
    and the off-topic ones of its ``_unanswerable.yml`` (or of ``unanswerable_file``).

    By default on a fresh index built in a temporary folder (the data dir is not touched);
    with ``use_index``, on the index already built in the data dir. ``progress`` counts the
    articles indexed and the questions asked.
    """
    from kb.index import build_index  # whoosh only when an index is built

    if questions_file is not None and not questions_file.is_file():
        raise InputError(f"{questions_file}: no such question file", "pass the path of a YAML list of questions")
    questions = regression_questions(settings.docs_dir) if questions_file is None else load_questions(questions_file)
    if not questions:
        raise InputError(
            f"{settings.docs_dir}: no regression questions",
            f"write {QUESTIONS_FILE} in the docs folder or add questions: to articles' front matter",
        )
    if unanswerable_file is not None and not unanswerable_file.is_file():
        raise InputError(f"{unanswerable_file}: no such question file", "pass the path of a YAML list of questions")
    off_file = unanswerable_file or settings.docs_dir / UNANSWERABLE_FILE
    unanswerable = load_unanswerable(off_file) if off_file.is_file() else []
    if use_index:
        index = SectionIndex.open(settings)
        try:
            return evaluate(index, questions, settings.answer_threshold, progress, unanswerable)
        finally:
            index.close()
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as data:
        scratch = settings.with_paths(data_dir=Path(data))
        build_index(scratch, progress=progress)
        index = SectionIndex.open(scratch)
        try:
            return evaluate(index, questions, settings.answer_threshold, progress, unanswerable)
        finally:
            index.close()


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if w not in _ARTICLES]


def answer_f1(answer: str | None, gold: str) -> float:
    """SQuAD's F1 of the words of ``answer`` against ``gold`` (lower case, no punctuation or
    articles); 0 for no answer."""
    got, wanted = _words(answer or ""), _words(gold)
    common = sum((Counter(got) & Counter(wanted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def evaluate(
    index: SectionIndex,
    questions: list[GoldQuestion],
    threshold: float,
    progress: Progress | None = None,
    unanswerable: list[str] | None = None,
) -> Evaluation:
    unanswerable = unanswerable or []
    tick = counter(progress, "questions", len(questions) + len(unanswerable))
    section_hits = article_hits = answered = sectioned = 0
    reciprocal = 0.0
    misses: list[tuple[str, str, str]] = []
    f1s: list[float] = []
    asked: list[Asked] = []
    for gold in questions:
        # Answered with no threshold: whether kb answers at any threshold follows from the confidence.
        results, answered_with = answer_message(index, gold.question, 0.0, 10)
        hits = results.hits
        sectioned += gold.anchor is not None
        if hits and hits[0].path == gold.article:
            article_hits += 1
            if hits[0].anchor == gold.anchor:
                section_hits += 1
        else:
            misses.append(
                (
                    gold.question,
                    gold.article if gold.anchor is None else f"{gold.article}#{gold.anchor}",
                    f"{hits[0].path}#{hits[0].anchor}" if hits else "nothing",
                )
            )
        for rank, hit in enumerate(hits[:10], start=1):
            if hit.path == gold.article:
                reciprocal += 1 / rank
                break
        sentence = answered_with.answer
        f1 = answer_f1(sentence, gold.answer) if gold.answer is not None else None
        asked.append(
            Asked(answered_with.confidence, sentence is not None, bool(hits) and hits[0].path == gold.article, f1)
        )
        if asked[-1].answered(threshold):
            answered += 1
        if f1 is not None:
            f1s.append(f1 if asked[-1].answered(threshold) else 0.0)
        tick(1)
    wrongly = []
    for question in unanswerable:
        off = answer_message(index, question, 0.0, 10)[1]
        asked.append(Asked(off.confidence, off.answer is not None))
        if asked[-1].answered(threshold):
            wrongly.append(question)
        tick(1)
    count = max(len(questions), 1)
    return Evaluation(
        len(questions),
        section_hits / max(sectioned, 1),
        article_hits / count,
        reciprocal / count,
        answered / count,
        tuple(misses),
        sectioned,
        len(unanswerable),
        tuple(wrongly),
        sum(f1s) / len(f1s) if f1s else None,
        len(f1s),
        tuple(asked),
    )
