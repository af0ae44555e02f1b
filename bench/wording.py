"""Questions as customers type them, for `kb eval --questions`: with a typo, as to a person, after context.

    python bench/wording.py DOCS/_questions.yml /tmp/typos.yml --typos [--seed 0]
    python bench/wording.py DOCS/_questions.yml /tmp/polite.yml --polite
    python bench/wording.py DOCS/_questions.yml /tmp/context.yml --context
    python bench/wording.py DOCS/_unanswerable.yml /tmp/context-off.yml --context
    kb eval --docs DOCS --questions /tmp/context.yml --unanswerable /tmp/context-off.yml

``--typos``: in each question one word of five letters or more, chosen at random, gets one typo: a letter
dropped, two neighbours swapped, one replaced or one doubled (never the first or the last letter),
the four commonest kinds of typing error (Damerau, 1964). The rest of each record (article,
anchor, answer) is kept, so the figures compare with the questions as written (bench/README.md,
"Misspelt questions").

``--polite``: each question opens with a greeting and ends with thanks, as people write to a
support team ("Hi team, how do I export my notes? Thanks in advance, Anna"), each chosen at random
from five (bench/README.md, "Questions written as to a person").

``--context``: each question follows a sentence of context that says nothing about the subject
("I tried everything I could think of and searched online already."), one of five.

The flags may be combined.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

_REPLACEMENTS = "aeiourstln"
_GREETINGS = ("Hi,", "Hello team,", "Hey there!", "Good morning,", "Hi support,")
_CONTEXT = (
    "I have been using the app for about a year and today something weird happened.",
    "Not sure if this is the right place to ask.",
    "I tried everything I could think of and searched online already.",
    "This started after the last update on my laptop.",
    "My colleague showed me this yesterday but I forgot.",
)
_THANKS = ("Thanks!", "Thank you in advance.", "Any help appreciated, thanks.", "Cheers", "Thanks so much, Anna")


def typo(word: str, rng: random.Random) -> str:
    """``word`` (at least four letters) with one typing error inside it."""
    at = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "replace":
        return word[:at] + rng.choice(_REPLACEMENTS.replace(word[at], "")) + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def misspell(question: str, rng: random.Random) -> str:
    words = question.split()
    long = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if long:
        chosen = rng.choice(long)
        words[chosen] = typo(words[chosen], rng)
    return " ".join(words)


def polite(question: str, rng: random.Random) -> str:
    asked = question.rstrip()
    return f"{rng.choice(_GREETINGS)} {asked}{'' if asked.endswith('?') else '?'} {rng.choice(_THANKS)}"


def after_context(question: str, rng: random.Random) -> str:
    return f"{rng.choice(_CONTEXT)} {question}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path, help="a _questions.yml")
    parser.add_argument("out", type=Path, help="the YAML file to write")
    parser.add_argument("--typos", action="store_true", help="one typo in each question")
    parser.add_argument("--polite", action="store_true", help="a greeting before each question, thanks after it")
    parser.add_argument("--context", action="store_true", help="a sentence of context before each question")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not (args.typos or args.polite or args.context):
        parser.error("say how to reword the questions: --typos, --polite, --context or several")
    rng = random.Random(args.seed)
    records = yaml.safe_load(args.questions.read_text(encoding="utf-8")) or []
    for number, record in enumerate(records):
        question = str(record["question"] if isinstance(record, dict) else record)
        question = misspell(question, rng) if args.typos else question
        question = after_context(question, rng) if args.context else question
        question = polite(question, rng) if args.polite else question
        if isinstance(record, dict):
            record["question"] = question
        else:  # an _unanswerable.yml: a list of questions
            records[number] = question
    args.out.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote {len(records)} questions to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
