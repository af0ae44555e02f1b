"""Ingest benchmark: tickets/s through ``kb ingest`` against a large index.

    python bench/ingest.py [ARTICLES] [--tickets N] [--qualifying SHARE]

Builds the synthetic corpus (default 10,000 articles) and its index, then writes a seeded Zendesk
export of N tickets (default 2,000) full of personal data (Faker names, emails, phones, order
numbers) and imports it with ``ingest_file``: parsing, the tag rule, redaction, grouping, the
duplicate lookup against the index and the drafts written to disk are all inside the timing. By
default every ticket qualifies (resolved and tagged "new issue"), the worst case; half of the
subjects are questions the corpus answers (→ update proposals), half are new problems.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from corpus import generate
from faker import Faker

from kb.config import load_settings
from kb.drafting import ingest_file
from kb.index import build_index

ROOT = Path(__file__).resolve().parent.parent
SYMPTOMS = ("stops at {p} percent", "shows error E{code}", "freezes after the {v} update", "logs me out",
            "is missing the {w} option", "cannot reach the {w} service", "prints blank {w} pages")  # fmt: skip
THINGS = ("sync client", "invoice export", "label printer", "mobile app", "scanner", "calendar widget",
          "team inbox", "VPN profile", "badge reader", "report builder", "webhook", "SSO login")  # fmt: skip


def _ticket(fake: Faker, rng: random.Random, number: int, questions: list[str], qualifying: float) -> dict[str, object]:
    name = fake.name()
    first = name.split()[0]
    if rng.random() < 0.5 and questions:
        subject = rng.choice(questions)
    else:
        symptom = rng.choice(SYMPTOMS).format(p=rng.randint(10, 99), code=rng.randint(100, 999),
                                              v=f"{rng.randint(1, 9)}.{rng.randint(0, 9)}", w=fake.word())  # fmt: skip
        subject = f"The {rng.choice(THINGS)} {symptom} when I {fake.bs()}"  # bs(): "synergize scalable ..."
    customer = (
        f"Hi,\n\n{subject}. It started on {fake.day_of_week()} and my colleague {fake.name()} sees it too. "
        f"My order is ORD-{rng.randint(100000, 999999)} and you can call me on {fake.phone_number()} "
        f"or write to {fake.email()}.\n\nThanks,\n{name}"
    )
    agent = (
        f"Hello {first},\n\nThis is caused by a stale {fake.word()} cache.\n\n"
        f"1. Open Settings > {fake.word().title()}.\n2. Click Clear cache.\n3. Restart the app and sign in again.\n\n"
        f"Best regards,\n{fake.name()}"
    )
    qualifies = rng.random() < qualifying
    return {
        "id": 100000 + number,
        "subject": subject,
        "status": "solved" if qualifies else "open",
        "tags": ["new issue", fake.word()],
        "requester": {"name": name, "email": fake.email()},
        "comments": [
            {"author_id": 1, "public": True, "body": customer},
            {"author_id": 2, "public": True, "body": agent},
        ],
    }


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--qualifying", type=float, default=1.0, help="share of tickets that qualify")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the import to this file")
    parser.add_argument("--corpus", type=Path, help="keep the corpus and its index here and reuse them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.corpus or Path(tmp)
        docs, questions_file = work / "docs", work / "questions.txt"
        settings = load_settings(ROOT).with_paths(docs_dir=docs, data_dir=work / "data")
        settings = dataclasses.replace(settings, redact_patterns={"order": r"\bORD-\d{6}\b"})
        if not questions_file.exists():
            generate(args.articles, docs, questions_file)
            build_index(settings)
        shutil.rmtree(docs / "_drafts", ignore_errors=True)
        (settings.db_path).unlink(missing_ok=True)
        questions = questions_file.read_text(encoding="utf-8").splitlines()
        fake, rng = Faker("en_US"), random.Random(7)
        Faker.seed(7)
        export = work / "export.json"
        tickets = [_ticket(fake, rng, n, questions, args.qualifying) for n in range(args.tickets)]
        export.write_text(json.dumps({"tickets": tickets}), encoding="utf-8")

        profiler = cProfile.Profile() if args.profile else None
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        summary = ingest_file(settings, export)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        drafts = len(list((docs / "_drafts").glob("*.md")))
        print(
            f"ingested {args.tickets:,} tickets against {args.articles:,} articles in {seconds:.1f} s = "
            f"{args.tickets / seconds:,.0f} tickets/s; drafted {summary.count('drafted')}, proposals "
            f"{summary.count('proposal')}, merged {summary.count('merged')}, skipped {summary.count('skipped')}; "
            f"{drafts} draft files (near-identical tickets share one)"
        )
        # On a shared machine the wall clock depends on the neighbours; CPU time does not.
        print(
            f"CPU time {cpu:.1f} s (this process and its workers) = {args.tickets / cpu:,.0f} tickets per CPU-second; "
            f"load average before {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
