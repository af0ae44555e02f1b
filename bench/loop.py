"""The continuous-documentation loop on a real help centre: remove articles, let tickets bring
their procedures back, publish the drafts unchanged, ask the customers' questions.

    python bench/loop.py [CORPUS_DOCS] [--articles 20]

1. Copies a corpus (default ../shared/corpora/joplin-help/docs) and removes up to 20 articles
   that have gold questions and a procedure (a numbered list or instruction sentences).
2. For each, a resolved ticket tagged "new issue": the subject is its first gold question, the
   customer's message repeats it, and the agent's reply holds the article's steps in one of three
   styles, in turn: a numbered list; one sentence of clauses joined by commas, "then" and "and";
   separate sentences mixed with a greeting, sympathy, an offer and a signature.
3. Ingests the tickets, publishes every draft unchanged (its suggested category, else the removed
   article's), and asks every gold question of the removed articles.

Prints loop@1 (answered from the article published from its ticket), steps kept (90 % of a step's
words in the draft's Solution), drafts with a
placeholder solution, summaries that are greetings, refused publishes and false update proposals.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from kb.answers import answer_question
from kb.config import load_settings
from kb.content import split_front_matter
from kb.drafting import ingest_tickets, resolution_steps
from kb.drafting.roles import Role, imperative, sentence_role
from kb.errors import KBError
from kb.index import SectionIndex, build_index
from kb.review import publish_draft
from kb.text import markdown_to_text, split_sentences
from kb.tickets import Message, Ticket

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "joplin-help" / "docs"
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(.+)$", re.MULTILINE)


def procedure(path: Path) -> list[str]:
    """The article's steps: its first numbered list, else its instruction sentences."""
    _meta, body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    # One instruction per step: an item's first sentence (the rest is commentary on it).
    items = [split_sentences(markdown_to_text(m.group(1)).strip())[0] for m in _NUMBERED.finditer(body)]
    items = [i for i in items if i]
    if len(items) >= 2:
        return [i if i.endswith((".", "!", ":")) else i + "." for i in items[:8]]
    return resolution_steps(markdown_to_text(body))[:6]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def reply(steps: list[str], style: int) -> str:
    if style == 0:
        listing = "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        return f"Hi Alex,\n\nThanks for reaching out!\n\n{listing}\n\nLet me know if this helps.\n\nBest,\nSam"
    if style == 1:
        clauses = [_lower(s).rstrip(".!:") for s in steps]
        joined = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and then " + clauses[-1]
        return f"Hello! Sorry about that. {joined[:1].upper()}{joined[1:]}. Cheers, Sam"
    leads = ["First, ", "Next, ", "Then ", "After that, "]
    sentences = " ".join(leads[min(n, 3)] + _lower(s) for n, s in enumerate(steps))
    return (
        "Hi Alex, thank you for your email. I understand how frustrating this must be. "
        f"{sentences} If you have any other questions, just reply to this email and I'll be happy to help.\n\n"
        "Kind regards,\nSam\nSupport team"
    )


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _kept(step: str, draft_words: set[str]) -> bool:
    """A step is kept when the draft has its words (it may be cut in two, its lead-in dropped)."""
    words = [w for w in _key(step).split() if w not in {"then", "and", "please", "you", "can"}]
    return bool(words) and sum(w in draft_words for w in words) >= 0.9 * len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--verbose", action="store_true", help="print each step the drafts lost")
    args = parser.parse_args()
    questions = yaml.safe_load((args.docs / "_questions.yml").read_text(encoding="utf-8"))
    by_article: dict[str, list[str]] = defaultdict(list)
    for item in questions:
        by_article[item["article"]].append(item["question"])
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(args.docs, docs)
        settings = load_settings(ROOT).with_paths(docs, Path(tmp) / "site", Path(tmp) / "data")
        chosen: list[tuple[str, list[str]]] = []
        for article in sorted(by_article):
            steps = procedure(docs / article)
            # A procedure: steps that instruct (a list of features or definitions is not one).
            instructing = sum(imperative(s) is not None for s in steps)
            if len(steps) >= 2 and instructing >= 0.8 * len(steps) and not article.endswith("index.md"):
                chosen.append((article, steps))
            if len(chosen) == args.articles:
                break
        for article, _ in chosen:
            (docs / article).unlink()
        build_index(settings)
        tickets = [
            Ticket(
                id=f"loop-{n}",
                subject=by_article[article][0],
                status="resolved",
                tags=("new issue",),
                messages=(
                    Message("customer", "Alex Doe", f"Hi,\n\n{by_article[article][0]}\n\nThanks,\nAlex"),
                    Message("agent", "Sam Lee", reply(steps, n % 3)),
                ),
                requester_name="Alex Doe",
                source="zendesk",
            )
            for n, (article, steps) in enumerate(chosen)
        ]
        outcomes = ingest_tickets(settings, tickets)
        published: dict[str, str] = {}  # removed article → published path
        kept = total = placeholders = greetings = refused = proposals = 0
        by_draft: dict[str, str] = {}  # a draft several tickets joined → where it was published
        for (article, steps), outcome in zip(chosen, outcomes, strict=True):
            if outcome.action == "proposal":
                proposals += 1
                print(f"update proposal for {outcome.proposal_for} from the ticket about {article}", file=sys.stderr)
                continue
            if not outcome.draft:
                print(f"not drafted: {outcome}", file=sys.stderr)
                continue
            if outcome.draft in by_draft:
                published[article] = by_draft[outcome.draft]
                continue
            name = Path(outcome.draft).stem
            text = (docs / "_drafts" / f"{name}.md").read_text(encoding="utf-8")
            body = text.split("## Solution", 1)[-1].split("\n## ", 1)[0]
            draft_words = set(_key(body).split())
            total += len(steps)
            kept += sum(_kept(s, draft_words) for s in steps)
            if args.verbose:
                style = chosen.index((article, steps)) % 3
                for step in steps:
                    if not _kept(step, draft_words):
                        print(f"lost from {article} (style {style}): {step}", file=sys.stderr)
            placeholders += "no steps to extract" in text
            summary = str(yaml.safe_load(text.split("---", 2)[1]).get("summary", ""))
            greetings += sentence_role(summary) in (Role.GREETING, Role.OFFER, Role.EMPATHY, Role.SIGNOFF)
            category = None if "category:" in text.split("---", 2)[1] else article.split("/", 1)[0]
            try:
                done = publish_draft(settings, name, category=category, reviewed_by="bench").path
                published[article] = by_draft[outcome.draft] = done
            except KBError as exc:
                refused += 1
                print(f"refused {name}: {exc}", file=sys.stderr)
        index = SectionIndex.open(settings)
        asked = hits = own = 0
        for article, _ in chosen:
            for n, question in enumerate(by_article[article]):
                asked += 1
                found = answer_question(index, question, settings.answer_threshold)
                hit = found.source is not None and found.source.path == published.get(article)
                hits += hit
                own += hit and n == 0
        print(f"{args.docs}: {len(chosen)} articles removed, {len(tickets)} tickets, {asked} gold questions")
        print(f"loop@1, the ticket's own question: {own / max(len(chosen), 1):.3f} ({own}/{len(chosen)})")
        print(f"loop@1, every gold question of the removed articles: {hits / max(asked, 1):.3f} ({hits}/{asked})")
        print(f"steps kept: {kept / max(total, 1):.3f} ({kept}/{total})")
        print(
            f"placeholder solutions: {placeholders}; greeting summaries: {greetings}; refused publishes: {refused}; "
            f"false update proposals: {proposals}"
        )


if __name__ == "__main__":
    main()
