"""Redaction throughput on realistic support tickets, single process.

    python bench/redact.py [--tickets N] [--seed S] [--rounds R] [--profile]
    python bench/redact.py --kinds [--tickets N]      # recall and over-redaction per kind
    python bench/redact.py --adversarial              # seconds per ~1 MB adversarial input

Each ticket is what the importer hands to redaction: a subject and 3-4 public messages of 300-800
characters (customer and agent in turn: greetings, sign-offs, support prose with error codes,
versions, dates and prices, and in about half the messages one or two pieces of personal data in
the formats customers paste: emails, phones, cards, IBANs, IPs, addresses, secrets, order
numbers, quoted mail headers). Each text is redacted with the requester's name and the locale's
phone region, as the importer does. Faker is seeded, so the same N and seed give the same tickets.

Each of ``--rounds`` rounds redacts new tickets (seeds S, S+1, ...) after a warm-up on tickets of
its own, so the caches help only as much as in a long-running ingest: with what tickets really
repeat (product versions, build numbers), never with a requester's name or phone number. It
prints tickets/s and ms per ticket, wall clock and CPU (the CPU figure holds up on a busy
machine). ``--profile`` runs one more round under cProfile and prints the top functions by
cumulative and by own time.

``--kinds`` builds the seeded identifier corpus of tests/test_redact_ids.py (four locales, every
form of account, order and reference numbers, passwords, keys and national phone numbers, next to
look-alikes) with N tickets and prints, per kind and form, the share of seeded values removed
(recall) and the share of look-alikes changed (over-redaction). ``--adversarial`` times each
detector, the whole redaction and the heading parser on the ~1 MB inputs of
tests/test_redact_linear.py (the tests only guard them with timeouts).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass

from faker import Faker

from kb.redact import redact_text

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR")
REGIONS = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR"}
PATTERNS = {"order": r"\bORD-\d{6}\b", "account": r"\bACC-\d{8}\b"}

SUBJECTS = (
    "Sync stops after update to {version}",
    "Error {code} when exporting invoices",
    "Charged twice for the {plan} plan",
    "Cannot sign in since {date}",
    "Refund for order ORD-{order}",
    "Mobile app crashes on start",
    "Invoice PDF shows the wrong address",
    "SSO login loops back to the start page",
)
PROSE = (
    "Since this morning every upload fails with {code} right after the progress bar reaches 90%.",
    "I'm on version {version} of the desktop app and the problem started right after updating.",
    "The last successful sync was at {time} on {date}, nothing has gone through since then.",
    "I was charged {price} twice this month, and the invoice says the {plan} plan although we downgraded.",
    "We use Acme Sync on all our laptops (Windows 11 Pro and macOS 14), only two of them are affected.",
    "I already tried signing out and in again, clearing the cache and reinstalling, it did not help.",
    "The log mentions {count} files before it stops, then it retries every 60 seconds.",
    "This is a follow-up to ticket #{ticket}, which your colleague closed a bit too early.",
    "Our team of {count} people depends on this for client billing, so it is rather urgent.",
    "The export to CSV works, but the PDF export shows the old company name in the header.",
    "Port 8080 is open on our side and the firewall allows the sync service, I checked twice.",
    "It affects roughly 3 devices so far, all of them on the same network behind a proxy.",
)
LOG_LINES = (
    "2024-05-12 10:30:14 ERROR sync.upload {code}: connection reset by peer (attempt 3 of 5)",
    "[{time}] WARN api.client retrying request 4512 after 429, backoff 2.0 s",
    "C:\\ProgramData\\Acme\\sync-2024.log: 1,500 entries, last at {date} {time}",
)
AGENT_LINES = (
    "Thanks for the details. Please update to {version} and restart the sync service, then check again.",
    "Sorry for the trouble! Open Settings > Accounts, sign out, then sign in again and wait 5 minutes.",
    "I have reset the cache on our side; please clear the local cache folder and try once more.",
    "This is a known issue in 4.1; the fix ships in the next release, which is planned for next week.",
    "I have refunded the duplicate charge of {price}; it can take 3 to 5 business days to show up.",
    "Could you send us the log file from the Help menu? It helps us see where the upload stops.",
)
PII_SENTENCES = (
    "You can reach me at {email} if needed, that is the address on the invoice.",
    "Please call me on {phone} any time after lunch.",
    "I paid with card {card} and it was charged twice.",
    "Please refund to IBAN {iban} as discussed on the phone.",
    "The server logs show requests from {ip} right before the error.",
    "Please ship the replacement to:\n{address}\n",
    "In case you need it, the password: {password}",
    "This is about order ORD-{order}, which never arrived.",
    "Our customer account is ACC-{account}.",
    "My colleague {other} <{email}> sees the same error.",
)
GREETINGS = ("Hi,", "Hello Acme Support,", "Hi {agent},", "Dear support team,", "Hallo {agent},", "Bonjour,")
SIGNOFFS = ("Thanks,\n{name}", "Best regards,\n{name}", "Cheers — {first}", "Kind regards\n{name}",
            "Viele Grüße\n{name}", "Cordialement,\n{name}")  # fmt: skip


@dataclass(frozen=True)
class Ticket:
    region: str
    requester: str
    texts: tuple[str, ...]  # the subject, then each message

    @property
    def chars(self) -> int:
        return sum(len(text) for text in self.texts)


def _values(fake: Faker, rng: random.Random) -> dict[str, str]:
    return {
        "code": rng.choice(("E1042", "ERR_CONNECTION_RESET", "HTTP 503", "0x80070005", "E-2231")),
        "version": rng.choice(("2.14.1", "v3.2", "10.4.7", "4.2.0-beta.3", "10.0.19045.3930")),
        "date": rng.choice(("2024-05-12", "12/05/2024", "12.05.2024", "3 March 2024", "Monday, 13 May")),
        "time": rng.choice(("10:30", "14:05:33", "9:15 am", "23:59 UTC")),
        "price": rng.choice(("$49.99", "€1,299.00", "£12.50", "49,99 €", "USD 120")),
        "plan": rng.choice(("Team", "Business", "Starter")),
        "count": str(rng.choice((3, 12, 60, 500, 1500))),
        "ticket": str(rng.randint(10000, 99999)),
        "order": str(rng.randint(100000, 999999)),
        "account": str(rng.randint(10**7, 10**8 - 1)),
        "email": fake.email(),
        "phone": fake.phone_number(),
        "card": fake.credit_card_number(),
        "iban": fake.iban(),
        "ip": fake.ipv4_public() if rng.random() < 0.7 else fake.ipv6(),
        "address": fake.address(),
        "password": fake.password(length=rng.randint(10, 16)),
        "other": fake.name(),
    }


def _message(rng: random.Random, fake: Faker, opening: str, lines: tuple[str, ...], closing: str, pii: int) -> str:
    """One message of 300-800 characters: opening, prose (with ``pii`` pieces), closing."""
    target = rng.randint(300, 800)
    body = [rng.choice(PII_SENTENCES).format(**_values(fake, rng)) for _ in range(pii)]
    if lines is PROSE and rng.random() < 0.2:
        body.append("\n" + rng.choice(LOG_LINES).format(**_values(fake, rng)) + "\n")
    for line in rng.sample(lines, len(lines)):
        size = len(opening) + len(closing) + sum(len(s) + 1 for s in body) + 4
        sentence = line.format(**_values(fake, rng))
        if size >= target:
            break
        if size + len(sentence) <= 800:
            body.append(sentence)
    rng.shuffle(body)
    return f"{opening}\n\n{' '.join(body)}\n\n{closing}"


def build_tickets(count: int, seed: int) -> list[Ticket]:
    Faker.seed(seed)
    fakes = Faker(list(LOCALES))
    rng = random.Random(seed)
    tickets: list[Ticket] = []
    for index in range(count):
        locale = LOCALES[index % len(LOCALES)]
        fake = fakes[locale]
        first, last = fake.first_name(), fake.last_name()
        agent_first, agent_last = fakes["en_US"].first_name(), fakes["en_US"].last_name()
        name, agent = f"{first} {last}", f"{agent_first} {agent_last}"
        texts = [rng.choice(SUBJECTS).format(**_values(fake, rng))]
        for turn in range(rng.choice((3, 4))):
            pii = rng.choice((0, 0, 1, 1, 2)) if turn % 2 == 0 else 0
            if turn % 2 == 0:  # the customer
                opening = rng.choice(GREETINGS).format(agent=agent_first)
                closing = rng.choice(SIGNOFFS).format(name=name, first=first)
                texts.append(_message(rng, fake, opening, PROSE, closing, pii))
            else:  # the agent
                closing = rng.choice(SIGNOFFS).format(name=agent, first=agent_first) + "\nAcme Support"
                texts.append(_message(rng, fake, f"Hi {first},", AGENT_LINES, closing, pii))
        tickets.append(Ticket(REGIONS[locale], name, tuple(texts)))
    return tickets


def redact_ticket(ticket: Ticket) -> int:
    """Redact the subject and every message as the importer does; the number of findings."""
    total = 0
    for text in ticket.texts:
        total += redact_text(text, names=(ticket.requester,), patterns=PATTERNS, region=ticket.region).report.total
    return total


def kinds_report(size: int) -> None:
    from tests.support.pii_ids import REGIONS as ID_REGIONS
    from tests.support.pii_ids import build_corpus, leaks

    corpus = build_corpus.__wrapped__(size=size)
    found: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    changed = kept = 0
    for ticket in corpus:
        out = redact_text(ticket.text, region=("US", ID_REGIONS[ticket.locale])).text
        leaked = {leak.split(":")[0].split(" ")[0] for leak in leaks(ticket, out)}
        for kind, form, _ in ticket.pii:
            total[(kind, form)] += 1
            found[(kind, form)] += f"{kind}/{form}" not in leaked
        for survivor in ticket.survivors:
            kept += survivor in out
            changed += survivor not in out
    print(f"{len(corpus)} tickets in {', '.join(ID_REGIONS)}; recall per kind/form:")
    for kind in sorted({kind for kind, _ in total}):
        forms = sorted(form for k, form in total if k == kind)
        hits, seen = sum(found[(kind, f)] for f in forms), sum(total[(kind, f)] for f in forms)
        detail = ", ".join(f"{f} {found[(kind, f)]}/{total[(kind, f)]}" for f in forms)
        print(f"  {kind}: {hits}/{seen} = {hits / seen:.1%} ({detail})")
    print(f"over-redaction: {changed}/{changed + kept} look-alikes changed = {changed / (changed + kept):.1%}")


def adversarial_report() -> None:
    from kb.content import HeadingParser, explicit_ids
    from tests.redact.test_redact_linear import DETECTORS, HEADING_LINES, INPUTS, adversarial

    for name, pairs in INPUTS.items():
        times = []
        for unit, tail in pairs:
            text = adversarial(unit, tail)
            start = time.perf_counter()
            list(DETECTORS[name](text))
            whole = time.perf_counter()
            redact_text(text, names=("Maria Lopez",), region=("US", "ES"))
            times.append((time.perf_counter() - whole, whole - start, unit))
        slowest = max(times)
        print(
            f"{name:12} {len(pairs)} inputs: detector max {max(t[1] for t in times):.2f} s, whole redaction "
            f"max {slowest[0]:.2f} s (unit {slowest[2]!r})"
        )
    for name, line in HEADING_LINES.items():
        start = time.perf_counter()
        explicit_ids([line])
        HeadingParser().parse(line)
        print(f"heading {name:14} {len(line):,} chars: {time.perf_counter() - start:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=500, help="tickets per round (default 500)")
    parser.add_argument("--seed", type=int, default=20240512, help="Faker and random seed of the first round")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, each on new tickets (default 3)")
    parser.add_argument("--profile", action="store_true", help="also profile one more round with cProfile")
    parser.add_argument("--kinds", action="store_true", help="recall and over-redaction per kind instead")
    parser.add_argument("--adversarial", action="store_true", help="time ~1 MB adversarial inputs instead")
    args = parser.parse_args()
    if args.kinds:
        kinds_report(args.tickets)
        return
    if args.adversarial:
        adversarial_report()
        return

    # Warm up on tickets of their own: every timed round then meets new requesters, addresses and
    # phone numbers, as an ingest does, while the regexes and phonenumbers' metadata are loaded.
    for ticket in build_tickets(100, args.seed - 1):
        redact_ticket(ticket)

    wall: list[float] = []
    cpu: list[float] = []
    for round_ in range(args.rounds):
        tickets = build_tickets(args.tickets, args.seed + round_)
        start, start_cpu = time.perf_counter(), time.process_time()
        findings = sum(redact_ticket(ticket) for ticket in tickets)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        messages = sum(len(t.texts) - 1 for t in tickets) / len(tickets)
        chars = sum(t.chars for t in tickets) / len(tickets)
        print(
            f"round {round_ + 1}: {len(tickets)} tickets (seed {args.seed + round_}, {messages:.1f} messages and "
            f"{chars:,.0f} chars per ticket, {findings} findings): {len(tickets) / wall[-1]:,.0f} tickets/s, "
            f"{wall[-1] / len(tickets) * 1000:.2f} ms per ticket (CPU {cpu[-1] / len(tickets) * 1000:.2f} ms)"
        )
    median, median_cpu = statistics.median(wall), statistics.median(cpu)
    print(
        f"redaction, median of {args.rounds} rounds: {args.tickets / median:,.0f} tickets/s, "
        f"{median / args.tickets * 1000:.2f} ms per ticket (CPU {median_cpu / args.tickets * 1000:.2f} ms), "
        f"one process"
    )

    if args.profile:
        tickets = build_tickets(args.tickets, args.seed + args.rounds)
        profiler = cProfile.Profile()
        profiler.enable()
        for ticket in tickets:
            redact_ticket(ticket)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
