"""The seeded personal-data corpus (Faker, several locales) and the clean prose that must survive,
shared by the redaction and ingest tests."""

from __future__ import annotations

import base64
import functools
import ipaddress
import itertools
import random
import re
import string
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker

from kb.redact import (
    Redacted,
    redact_text,
)

PATTERNS = {"order": r"\bORD-\d{6}\b", "account": r"\bACC-\d{8}\b"}


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

CLEAN_LINES = (
    "After the 4.2 update, Acme Sync shows 'Error 0x80070005: Access denied' when saving to C:\\Users\\Public.",
    "We have 25 seats on the Business plan (billed $12/user/month).",
    "Steps: 1) Open Preferences 2) Go to Network 3) Set Proxy to Auto.",
    "The issue started on Tuesday 14 May around 9am CET.",
    "Running macOS 14.4.1 on a MacBook Pro M3, 16 GB RAM.",
    "Build 2024.05.13.1 fixed it.",
    "Our firewall allows ports 443 and 8443.",
    "Chrome 124.0.6367.91 (Official Build) (64-bit)",
    "Windows Server 2019 Datacenter",
    "Hi Support, Hope you're well.",
    "Thanks in advance,\nThe Contoso IT Team",
    "SKU ACME-SYNC-BUS-12, model XPS 9310, part 400-1234-567",
    "error code 1603, Error 1722, exit code 137, HTTP/2 502 Bad Gateway",
    "uploaded 1,234 files (5.6 GB) in 12 minutes",
    "The API returns 429 Too Many Requests after 100 requests per minute.",
    "See KB5034441 and CVE-2024-12345, error E1234 or ERR_1234 (HTTP 404).",
    "Phone support is available 9-5 Monday to Friday.",
    "timestamp 1715593800 in the log",
    "in case E1234 shows up, the invoice for 2024 lists 512 MB and 50% off",
    "the file name report_20240513_1030.csv",
    "Version 3.1.4 (build 7781) on Android 14",
    "The invoice total was 1.299,00 EUR for 12 months.",
    "Tested on iOS 17.4.1 (21E236) and Android 14 (UP1A.231005.007).",
    "Check https://acme.example/kb/1234567890 for details.",
    "Call duration was 00:12:45.",
    "Order placed 13.05.2024 14:22, total 49,90 €.",
    "We use Google Drive and Dropbox.",
    "After updating to 5.1.2.40 the sync stopped.",
)

SEED = 20240512
CORPUS_SIZE = 240
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR")
REGIONS = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR"}
IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT")

SURVIVORS: dict[str, tuple[str, ...]] = {
    "error_code": ("E1042", "ERR_CONNECTION_RESET", "HTTP 503", "0x80070005", "SSL_ERROR_BAD_CERT_DOMAIN",
                   "error 429", "ECONNREFUSED", "E-2231", "ERR_NAME_NOT_RESOLVED", "0xC0000005",
                   "HTTP 401 Unauthorized", "E_ACCESSDENIED", "SIGSEGV", "code 80070643"),
    "version": ("2.14.1", "v3.2", "10.4.7", "4.2.0-beta.3", "10.0.19045.3930", "124.0.6367.91", "v12",
                "2024.1", "v2.0.0-rc.1", "5.1.2.40", "build 4512", "17.4.1 (21E236)"),
    "product": ("Acme Sync 4.2", "Acme Vault", "Contoso Desk 7", "Acme Sync for Windows", "Acme Cloud Drive",
                "Acme Mail Bridge", "Microsoft 365 Admin Center", "Google Drive", "Acme Key Vault",
                "Acme Park Manager 2", "Windows 11 Pro", "iPhone 15 Pro", "Acme Way Finder"),
    "date": ("2024-05-12", "12/05/2024", "12.05.2024", "3 March 2024", "Jan 7", "Monday, 13 May",
             "13/05/24", "Q2 2024"),
    "time": ("10:30", "14:05:33", "9:15 am", "23:59 UTC", "10:30-11:00", "08:00 CET"),
    "price": ("$49.99", "€1,299.00", "£12.50", "49,99 €", "USD 120", "$1,049", "CHF 12.90"),
    # Case numbers ("case 00123456", "INC0012345") are customer identifiers: tests/test_redact_ids.py.
    "ticket": ("#48213", "#100234", "#7731", "ticket 4512", "job #88"),
    "number": ("3 devices", "500 MB", "60 seconds", "port 8080", "10,000 files", "2 GB", "1,500 users",
               "99.9% uptime", "4 GB RAM", "1080p", "step 3", "2 of 5 tries", "1 000 000 rows"),
    "link": ("https://status.acme.example/incidents/2024-05-12", "C:\\ProgramData\\Acme\\sync-2024.log",
             "/var/log/acme/sync.log"),
}  # fmt: skip
SURVIVOR_SENTENCES: dict[str, tuple[str, ...]] = {
    "error_code": ("The app shows {v} right after login.", "Since this morning every upload fails with {v}."),
    "version": ("I'm on version {v} of the desktop app.", "After updating to {v} the problem started."),
    "product": ("{v} keeps crashing when I open the settings.", "We use {v} on all our laptops."),
    "date": ("It started on {v}.", "The last good backup is from {v}."),
    "time": ("The last successful sync was at {v}.", "It always stops around {v}."),
    "price": ("I was charged {v} twice.", "The invoice says {v} but the plan is cheaper."),
    "ticket": ("This is a follow-up to ticket {v}.", "Your colleague closed {v} too early."),
    "number": ("It affects {v} so far.", "The log mentions {v} before it stops."),
    "link": ("The details are in {v} if you need them.", "See {v} for what I saw."),
}
AGENT_LINES = (
    "Thanks for the details. Please update to 2.14.2 and restart the sync service.",
    "Sorry for the trouble! Open Settings > Accounts, sign out, then sign in again.",
    "I have reset the cache on our side; clear the local cache folder and try once more.",
    "This is a known issue in 4.1; the fix ships in the next release.",
    "Please try this:\n1. Open Settings > Sync.\n2. Click Reset.\n3. Sign in again and wait 5 minutes.",
)


SNIPPET_SENTENCES: dict[str, tuple[str, ...]] = {
    "email": ("You can reach me at {v} if needed.", "My login is {v} (the one on the invoice).",
              "Please reply to <{v}> instead.", "Sending to mailto:{v} bounced yesterday."),
    "phone": ("Call me on {v} any time after lunch.", "My mobile is {v}.", "Phone: {v}",
              "You can also ring {v} and ask for me."),
    "card": ("I paid with card {v} and it was charged twice.", "Card number {v} was declined."),
    "iban": ("Please refund to IBAN {v} as discussed.", "My bank account is {v}."),
    "ip": ("The server logs show requests from {v}.", "Our gateway is {v} if that helps."),
    "address": ("Please ship the replacement to {v}.", "My billing address is:\n{v}\n"),
    "secret": ("In case you need it, {v}", "I even tried {v} as you suggested."),
    "order": ("This is about order {v}.", "Order {v} never arrived."),
    "account": ("Our customer account is {v}.", "Account {v} is affected."),
    "mention": ("The account is registered to {v}.", "Please tell {v} when it is fixed."),
}  # fmt: skip


@dataclass
class Ticket:
    locale: str
    text: str
    names: tuple[str, ...]
    pii: list[tuple[str, str, str]] = field(default_factory=list)  # kind, format, value
    survivors: list[tuple[str, str]] = field(default_factory=list)  # category, value


def _template_words() -> frozenset[str]:
    text = " ".join(
        [
            *itertools.chain(*SURVIVORS.values()),
            *itertools.chain(*SURVIVOR_SENTENCES.values()),
            *AGENT_LINES,
            *itertools.chain(*SNIPPET_SENTENCES.values()),
            "Acme Support Hi Hello Dear Thanks Best regards",
        ]
    )
    return frozenset(w.lower() for w in re.findall(r"[^\W\d_]+", text))


def _phone_formats(fake: Faker, rng: random.Random, region: str) -> dict[str, str]:
    """Phone numbers of one region in several formats; ``faker`` is the locale's own format."""
    while True:  # Faker's raw phone_number(): keep those that are phone numbers in any plan
        raw = fake.phone_number()
        try:
            ok = len(digits(raw)) >= 8 and phonenumbers.is_possible_number(phonenumbers.parse(raw, region))
        except phonenumbers.NumberParseException:
            ok = False
        if ok:
            break
    kind = rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
    example = phonenumbers.example_number_for_type(region, kind)
    nsn = str(example.national_number)
    while True:
        candidate = nsn[:-4] + "".join(rng.choice(string.digits) for _ in range(4))
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(number):
            break
    fmt = phonenumbers.PhoneNumberFormat
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    international = phonenumbers.format_number(number, fmt.INTERNATIONAL)
    formats = {
        "faker": raw,
        "e164": phonenumbers.format_number(number, fmt.E164),
        "international": international,
        "national": national,
        "dots": re.sub(r"[ -]", ".", national.replace("(", "").replace(") ", ".")),
        "dashes": re.sub(r"[ .]", "-", national.replace("(", "").replace(") ", "-")),
        "extension": f"{national} x{rng.randint(10, 9999)}",
    }
    if region == "US":
        formats["parentheses"] = national  # (201) 555-0123
    else:
        formats["parentheses"] = international.replace(" ", " (0)", 1)  # +44 (0)20 ...
    return formats


def _ipv6_compressed(rng: random.Random) -> str:
    groups = [rng.randrange(1, 0xFFFF) for _ in range(8)]
    zero_start, zero_run = rng.randrange(1, 6), rng.randrange(2, 4)
    for index in range(zero_start, min(8, zero_start + zero_run)):
        groups[index] = 0
    return ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)).compressed


def _secret(rng: random.Random, fake: Faker, fmt: str) -> tuple[str, str]:
    """(the sentence fragment, the secret value inside it)."""
    alnum = string.ascii_letters + string.digits

    def pick(chars: str, n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    def b64(raw: str) -> str:
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    password = fake.password(length=rng.randint(10, 16))
    jwt = ".".join((b64('{"alg":"HS256","typ":"JWT"}'), b64(f'{{"sub":"{rng.randint(1, 10**9)}"}}'),
                    pick(alnum + "-_", 43)))  # fmt: skip
    values = {
        "password-colon": ("password: {s}", password),
        "pwd-equals": ("the URL had pwd={s} in it", password),
        "passcode-is": ("my passcode is {s}", password),
        "passwort": ("Passwort: {s}", password),
        "stripe": ("the key {s}", "sk_live_" + pick(alnum, 24)),
        "github": ("the token {s}", "ghp_" + pick(alnum, 36)),
        "aws": ("access key id {s}", "AKIA" + pick(string.ascii_uppercase + string.digits, 16)),
        "slack": ("the Slack token {s}", f"xox{rng.choice('bp')}-{pick(string.digits, 11)}-{pick(alnum, 24)}"),
        "jwt": ("this JWT {s}", jwt),
        "bearer": ("Authorization: Bearer {s}", pick(alnum, 12) + pick(string.digits, 4) + pick(alnum, 16)),
        "hex-key": ("the API key {s}", fake.sha1()),
        "token-after-word": ("my access token was {s}", pick(alnum, 28) + pick(string.digits, 4)),
    }
    template, value = values[fmt]
    return template.format(s=value), value


PARTICLES = {"le", "la", "de", "da", "van", "von", "der", "den", "du", "des", "dos", "del", "di"}


def _name_parts(fake: Faker, banned: frozenset[str]) -> tuple[str, str]:
    """A first and last name whose words cannot be confused with the template's words.

    Faker's de_DE surnames include "auch Schlauchin" ("auch" is German for "also", not a name
    particle); such entries are drawn again.
    """
    while True:
        first, last = fake.first_name(), fake.last_name()
        words = re.findall(r"[^\W\d_]+", f"{first} {last}")
        if all((w in PARTICLES) or (w[0].isupper() and len(w) >= 3 and w.lower() not in banned) for w in words):
            return first, last


GREETINGS = ("Hi {f},", "Hello {f} {l},", "Dear Mr. {l},", "Dear Ms {l},", "Hallo {f},", "Bonjour {f},",
             "Good morning {f},", "Hey {f} -", "Hi {f}")  # fmt: skip
AGENT_GREETINGS = ("Hi {f},", "Hello {f},", "Dear {f} {l},")
AGENT_SIGNOFFS = ("Best regards,\n{f} {l}", "Cheers,\n{f}", "Kind regards,\n{f} — Acme Support")
SIGNOFFS = ("Thanks,\n{f} {l}", "Best regards,\n{f} {l}", "Cheers — {f}", "Kind regards\n{f}",
            "Viele Grüße\n{f} {l}", "Cordialement,\n{f} {l}", "Thanks {f}!", "Many thanks, {f}",
            "Best,\n{f} — Acme Support")  # fmt: skip
SNIPPET_FORMATS: dict[str, tuple[str, ...]] = {
    "email": ("plain", "angle", "mailto", "upper"),
    "phone": ("faker", "e164", "international", "national", "dots", "dashes", "parentheses", "extension"),
    "card": ("plain", "spaces", "dashes"),
    "iban": ("grouped", "compact"),
    "ip": ("v4-public", "v4-private", "v4-port", "v6-full", "v6-compressed", "v6-zone", "v4-mapped"),
    "address": ("faker-multiline", "faker-inline", "classic"),
    "secret": ("password-colon", "pwd-equals", "passcode-is", "passwort", "stripe", "github", "aws", "slack",
               "jwt", "bearer", "hex-key", "token-after-word"),
    "order": ("pattern",),
    "account": ("pattern",),
}  # fmt: skip
CLASSIC_ADDRESSES = ("{n}B Baker Street, London NW1 6XE", "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
                     "Hauptstraße {n}, 10115 Berlin", "{n} rue de Rivoli, 75001 Paris")  # fmt: skip


def _snippet(kind: str, fmt: str, fake: Faker, rng: random.Random, region: str) -> tuple[str, str]:
    """(text to embed, the seeded value that must not survive)."""
    if kind == "email":
        value = fake.free_email() if rng.random() < 0.5 else fake.email()
        return {"plain": value, "angle": value, "mailto": value, "upper": value.upper()}[fmt], ""
    if kind == "phone":
        return _phone_formats(fake, rng, region)[fmt], ""
    if kind == "card":
        number = fake.credit_card_number()
        groups = [4, 6, 5] if len(number) == 15 else [4] * (len(number) // 4) + [len(number) % 4]
        parts, pos = [], 0
        for size in filter(None, groups):
            parts.append(number[pos : pos + size])
            pos += size
        return {"plain": number, "spaces": " ".join(parts), "dashes": "-".join(parts)}[fmt], ""
    if kind == "iban":
        iban = Faker(rng.choice(IBAN_LOCALES)).iban() if rng.random() < 0.3 else fake.iban()
        grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return (grouped if fmt == "grouped" else iban), ""
    if kind == "ip":
        octets = ".".join(str(rng.randint(1, 254)) for _ in range(2))
        v6 = ipaddress.IPv6Address(fake.ipv6())
        return {
            "v4-public": fake.ipv4_public(),
            "v4-private": fake.ipv4_private(),
            "v4-port": f"{fake.ipv4()}:{rng.choice([443, 8080, 8443])}",
            "v6-full": v6.exploded,
            "v6-compressed": _ipv6_compressed(rng),
            "v6-zone": f"fe80::{rng.randrange(1, 0xFFFF):x}:{rng.randrange(1, 0xFFFF):x}%eth0",
            "v4-mapped": f"::ffff:192.0.{octets}",
        }[fmt], ""
    if kind == "address":
        if fmt == "classic":
            return rng.choice(CLASSIC_ADDRESSES).format(n=rng.randint(1, 300)), ""
        address = fake.address()
        return (address if fmt == "faker-multiline" else ", ".join(address.split("\n"))), address
    if kind == "secret":
        return _secret(rng, fake, fmt)
    if kind == "order":
        return f"ORD-{rng.randint(100000, 999999)}", ""
    if kind == "account":
        return f"ACC-{rng.randint(10**7, 10**8 - 1)}", ""
    raise AssertionError(kind)


def _address_values(address: str) -> list[str]:
    """The lines of an address: each must be gone."""
    return [line.strip() for line in address.split("\n") if line.strip()]


@functools.lru_cache(maxsize=1)
def build_corpus(seed: int = SEED, size: int = CORPUS_SIZE) -> tuple[Ticket, ...]:
    Faker.seed(seed)
    fakes = Faker(list(LOCALES))
    rng = random.Random(seed)
    banned = _template_words()
    kinds = ("email", "phone", "card", "iban", "ip", "address", "secret", "order", "account")
    format_cycles = {kind: itertools.cycle(formats) for kind, formats in SNIPPET_FORMATS.items()}
    kind_cycle = itertools.cycle(kinds)
    survivor_cycles = {cat: itertools.cycle(values) for cat, values in SURVIVORS.items()}
    category_cycle = itertools.cycle(SURVIVORS)
    greeting_cycle, signoff_cycle = itertools.cycle(GREETINGS), itertools.cycle(SIGNOFFS)
    tickets: list[Ticket] = []
    for index in range(size):
        locale = LOCALES[index % len(LOCALES)]
        fake, region = fakes[locale], REGIONS[locale]
        first, last = _name_parts(fake, banned)
        agent_first, agent_last = _name_parts(fakes[rng.choice(LOCALES)], banned | {first.lower(), last.lower()})
        pass_names = index % 3 != 0
        ticket = Ticket(locale, "", (f"{first} {last}",) if pass_names else ())

        def fill(template: str, first: str, last: str, fmt: str, ticket: Ticket = ticket) -> str:
            """The template with the names filled in; the names it uses are seeded values."""
            ticket.pii.extend(("name", fmt, v) for key, v in (("{f}", first), ("{l}", last)) if key in template)
            return template.format(f=first, l=last)

        to_agent = fill(next(greeting_cycle), agent_first, agent_last, "greeting")
        body: list[str] = []
        for _ in range(3):
            kind = next(kind_cycle)
            fmt = next(format_cycles[kind])
            embedded, secret_value = _snippet(kind, fmt, fake, rng, region)
            ticket.pii.append((kind, fmt, secret_value or embedded))
            body.append(rng.choice(SNIPPET_SENTENCES[kind]).format(v=embedded))
        for _ in range(3):
            category = next(category_cycle)
            value = next(survivor_cycles[category])
            ticket.survivors.append((category, value))
            body.append(rng.choice(SURVIVOR_SENTENCES[category]).format(v=value))
        if pass_names:
            mention = rng.choice([f"{first} {last}", first, last, last.upper(), first.lower()])
            body.append(rng.choice(SNIPPET_SENTENCES["mention"]).format(v=mention))
            ticket.pii.append(("name", "mention", mention))
        rng.shuffle(body)
        from_customer = fill(next(signoff_cycle), first, last, "signoff")
        to_customer = fill(rng.choice(AGENT_GREETINGS), first, last, "greeting")
        from_agent = fill(rng.choice(AGENT_SIGNOFFS), agent_first, agent_last, "signoff")
        parts = [to_agent, " ".join(body), from_customer]
        if index % 4 in (1, 3):  # a quoted earlier reply from the agent
            email = fake.email()
            ticket.pii.append(("email", "quote-header", email))
            who = fill("{f} {l}", agent_first, agent_last, "quote-header")
            header = (
                f"On Monday, 13 May 2024 at 10:30, {who} <{email}> wrote:"
                if index % 4 == 1
                else f"From: {who} <{email}>\nSent: Monday, 13 May 2024 10:30"
            )
            parts.append(f"{header}\n> {rng.choice(AGENT_LINES).splitlines()[0]}")
        parts += ["---", to_customer, rng.choice(AGENT_LINES), from_agent]
        ticket.text = "\n\n".join(parts)
        tickets.append(ticket)
    return tuple(tickets)


@functools.lru_cache(maxsize=1)
def redacted_corpus() -> tuple[tuple[Ticket, Redacted], ...]:
    return tuple((t, redact_text(t.text, names=t.names, patterns=PATTERNS)) for t in build_corpus())


def _leaks(ticket: Ticket, out: str) -> list[str]:
    found: list[str] = []
    squashed = re.sub(r"[^0-9A-Z]", "", out.upper())
    for kind, fmt, value in ticket.pii:
        if kind == "name":
            for word in re.findall(r"[^\W\d_][\w'-]*", value):
                if word.lower() not in PARTICLES and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out, re.IGNORECASE):
                    found.append(f"name/{fmt}: {word}")
            continue
        values = _address_values(value) if kind == "address" else [value]
        for piece in values:
            if piece.lower() in out.lower():
                found.append(f"{kind}/{fmt}: {piece!r}")
        if kind in {"phone", "card"} and digits(value) in digits(out):
            found.append(f"{kind}/{fmt} digits: {value!r}")
        if kind == "iban" and re.sub(r"\W", "", value).upper() in squashed:
            found.append(f"iban/{fmt} compact: {value!r}")
    return found
