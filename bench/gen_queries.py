"""Questions about the synthetic corpus, phrased the way users type them, for load-testing the answer API."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from gen_plan import DEFAULT_SEED, Topic, situation_contexts, topic_words
from gen_vocabulary import Questions, Vocabulary

QUERY_COUNT = 500


def _why_question(objects: str, symptom: str) -> str:
    """("invoices", "are missing from the export") → "why are my invoices missing from the export"."""
    first, _, rest = symptom.partition(" ")
    if first in ("are", "is"):
        question = f"why are my {objects} {rest}"
    elif symptom.startswith("do not "):
        question = f"why dont my {objects} {symptom.removeprefix('do not ')}"
    else:
        question = f"why do my {objects} {symptom}"
    return re.sub(r"\byour\b", "my", re.sub(r"\byou\b", "i", question))


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _user_phrasing(questions: Questions, question: str, rng: random.Random) -> str:
    for formal, casual in questions.user_words:
        if formal in question and rng.random() < 0.3:
            question = question.replace(formal, casual)
    words = question.split()
    if rng.random() < 0.05:
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if candidates:
            i = rng.choice(candidates)
            words[i] = _typo(words[i], rng)
    question = " ".join(words)
    if question.startswith(("how ", "what ", "where ", "who ", "can ", "is ", "do ")) and rng.random() < 0.3:
        question += "?"
    return question


def generate_queries(
    vocabulary: Vocabulary,
    questions: Questions,
    topics: Sequence[Topic],
    seed: int = DEFAULT_SEED,
    count: int = QUERY_COUNT,
) -> list[str]:
    """``count`` questions about the corpus as users type them: lower case, terse, sometimes misspelt.

    About one in twenty-five is off-topic, as in real traffic. A question that equals a title or
    heading is dropped, and duplicates are avoided while the corpus offers enough variety.
    """
    rng = random.Random(seed * 7_919 + 17)
    copies = {t.title.lower() for t in topics} | {s.heading.lower() for t in topics for s in t.sections}
    queries: list[str] = []
    seen: set[str] = set()
    for attempt in range(count * 200):
        if len(queries) == count:
            break
        if rng.random() < 0.04:
            question = rng.choice(questions.off_topic)
        else:
            topic = rng.choice(topics)
            words = topic_words(topic.category, topic.verb, topic.obj, topic.error, topic.symptom, topic.setting)
            words["ctx"] = topic.context
            words["why"] = _why_question(topic.obj.plural, topic.symptom.phrase)
            words["sctx"] = rng.choice(situation_contexts(vocabulary, topic.category))
            templates = questions.templates + (questions.mobile_templates if topic.category.mobile else ())
            question = rng.choice(templates).format_map(words)
            question = question.lower().replace(topic.error.code.lower(), topic.error.code)
            question = _user_phrasing(questions, question, rng)
        if question.rstrip("?") in copies or (question in seen and attempt < count * 100):
            continue
        seen.add(question)
        queries.append(question)
    return queries
