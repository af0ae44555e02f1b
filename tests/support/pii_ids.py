"""The seeded corpus of labelled identifiers, passwords, keys and national phones in four locales,
with the look-alikes that must stay (shared by the redaction and ingest tests)."""

from __future__ import annotations

import functools
import random
import re
import string
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker

REGIONS = {"en_US": "US", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES"}

SEED = 20250114
SIZE = 160

# Per locale: (kind, form) → sentence with {v}; every form of every kind is written in each locale.
FORMS: dict[str, dict[tuple[str, str], str]] = {
    "en_US": {
        ("account", "grouped"): "My account number {v} shows the old plan.",
        ("account", "prefixed"): "Our account is {v}.",
        ("account", "bare"): "The charge hit account {v} twice.",
        ("account", "customer"): "Customer ID: {v}",
        ("order", "hash"): "I still wait for order #{v}.",
        ("order", "id"): "Order ID: {v}",
        ("order", "amazon"): "The marketplace order {v} never came.",
        ("order", "so"): "Sales order {v} is stuck.",
        ("order", "invoice"): "Invoice number {v} is wrong.",
        ("order", "booking"): "Booking no. {v} was cancelled.",
        ("reference", "case"): "This is case {v} again.",
        ("reference", "serial"): "Serial number: {v}",
        ("reference", "reference"): "Reference: {v}",
        ("account", "contract"): "Contract number {v} ends soon.",
        ("account", "membership"): "Membership # {v} expired.",
        ("account", "policy"): "Policy no. {v} covers it.",
        ("secret", "password-is"): "My password is {v} if you need it.",
        ("secret", "password-quoted"): "password: '{v}'",
        ("secret", "pw"): "pw {v}",
        ("secret", "pin"): "The PIN {v} no longer works.",
        ("secret", "vendor"): "Our key {v} leaked.",
        ("secret", "random"): "The value was {v} in the form.",
        ("phone", "national"): "Call me on {v} after lunch.",
    },
    "de_DE": {
        ("account", "grouped"): "Meine Kontonummer {v} ist falsch.",
        ("account", "prefixed"): "Unser Konto ist {v}.",
        ("account", "bare"): "Die Abbuchung lief über account {v}.",
        ("account", "customer"): "Kundennummer: {v}",
        ("order", "hash"): "Ich warte auf order #{v}.",
        ("order", "id"): "Bestellnummer {v} fehlt.",
        ("order", "amazon"): "Die Marketplace-Bestellung {v} kam nie an.",
        ("order", "so"): "Auftrag {v} hängt.",
        ("order", "invoice"): "Rechnungsnummer {v} ist falsch.",
        ("order", "booking"): "Buchungsnummer: {v}",
        ("reference", "case"): "Es geht um Vorgangsnummer {v}.",
        ("reference", "serial"): "Seriennummer {v}",
        ("reference", "reference"): "Referenznummer: {v}",
        ("account", "contract"): "Vertragsnummer {v} läuft aus.",
        ("account", "membership"): "Mitgliedsnummer {v} ist abgelaufen.",
        ("account", "policy"): "Versicherungsnummer {v} deckt das ab.",
        ("secret", "password-is"): "Mein Passwort ist {v} falls nötig.",
        ("secret", "password-quoted"): "Passwort: '{v}'",
        ("secret", "pw"): "pw {v}",
        ("secret", "pin"): "Die PIN {v} geht nicht mehr.",
        ("secret", "vendor"): "Unser Schlüssel {v} ist öffentlich.",
        ("secret", "random"): "Im Formular stand {v} drin.",
        ("phone", "national"): "Rufen Sie mich unter {v} an.",
    },
    "fr_FR": {
        ("account", "grouped"): "Mon numéro de compte {v} est faux.",
        ("account", "prefixed"): "Notre compte est {v}.",
        ("account", "bare"): "Le prélèvement sur account {v} est double.",
        ("account", "customer"): "N° de client : {v}",
        ("order", "hash"): "J'attends la order #{v}.",
        ("order", "id"): "Numéro de commande {v} manquant.",
        ("order", "amazon"): "La commande marketplace {v} n'est jamais arrivée.",
        ("order", "so"): "La commande {v} est bloquée.",
        ("order", "invoice"): "Numéro de facture {v} erroné.",
        ("order", "booking"): "Numéro de réservation : {v}",
        ("reference", "case"): "C'est le numéro de dossier {v}.",
        ("reference", "serial"): "Numéro de série {v}",
        ("reference", "reference"): "Référence : {v}",
        ("account", "contract"): "Numéro de contrat {v} expire.",
        ("account", "membership"): "Numéro d'adhérent {v} expiré.",
        ("account", "policy"): "Numéro de police {v} couvre cela.",
        ("secret", "password-is"): "Mon mot de passe : {v} si besoin.",
        ("secret", "password-quoted"): "mot de passe : '{v}'",
        ("secret", "pw"): "pw {v}",
        ("secret", "pin"): "Le PIN {v} ne marche plus.",
        ("secret", "vendor"): "Notre clé {v} a fuité.",
        ("secret", "random"): "Le formulaire contenait {v} hier.",
        ("phone", "national"): "Appelez-moi au {v} cet après-midi.",
    },
    "es_ES": {
        ("account", "grouped"): "Mi número de cuenta {v} es incorrecto.",
        ("account", "prefixed"): "Nuestra cuenta es {v}.",
        ("account", "bare"): "El cargo fue a account {v} dos veces.",
        ("account", "customer"): "Número de cliente: {v}",
        ("order", "hash"): "Sigo esperando la order #{v}.",
        ("order", "id"): "Número de pedido {v} perdido.",
        ("order", "amazon"): "El pedido {v} nunca llegó.",
        ("order", "so"): "El pedido {v} está bloqueado.",
        ("order", "invoice"): "Número de factura {v} erróneo.",
        ("order", "booking"): "Número de reserva: {v}",
        ("reference", "case"): "Es el número de expediente {v}.",
        ("reference", "serial"): "Número de serie {v}",
        ("reference", "reference"): "Referencia: {v}",
        ("account", "contract"): "Número de contrato {v} vence pronto.",
        ("account", "membership"): "Número de socio {v} caducado.",
        ("account", "policy"): "Número de póliza {v} lo cubre.",
        ("secret", "password-is"): "Mi contraseña: {v} por si acaso.",
        ("secret", "password-quoted"): "contraseña: '{v}'",
        ("secret", "pw"): "pw {v}",
        ("secret", "pin"): "El PIN {v} ya no funciona.",
        ("secret", "vendor"): "Nuestra clave {v} se filtró.",
        ("secret", "random"): "El formulario tenía {v} ayer.",
        ("phone", "national"): "Llámame al {v} esta tarde.",
    },
}
LOOK_ALIKES = (
    "version {version}", "{error}", "HTTP {status}", "on {date}", "{size} MB", "port :{port}", "{pct}% done",
    "in {year}", "model {model}", "sha256 {sha}", "request {uuid}", "the file {path}",
)  # fmt: skip


@dataclass
class Ticket:
    locale: str
    text: str
    pii: list[tuple[str, str, str]] = field(default_factory=list)  # kind, form, value
    survivors: list[str] = field(default_factory=list)


def _pick(rng: random.Random, chars: str, n: int) -> str:
    return "".join(rng.choice(chars) for _ in range(n))


def _national_phone(rng: random.Random, region: str) -> str:
    kind = rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
    example = phonenumbers.example_number_for_type(region, kind)
    nsn = str(example.national_number)
    while True:
        number = phonenumbers.parse(f"+{example.country_code}{nsn[:-4]}{_pick(rng, string.digits, 4)}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _random_key(rng: random.Random) -> str:
    """32 characters of base62 with every class in it, as an API key or a session token has."""
    while True:
        key = _pick(rng, string.ascii_letters + string.digits, 32)
        if re.search(r"\d.*\d", key) and re.search("[A-Z]", key) and re.search("[a-z]", key):
            return key


def _value(kind: str, form: str, fake: Faker, rng: random.Random, region: str) -> str:
    upper = string.ascii_uppercase
    digits = functools.partial(_pick, rng, string.digits)
    if kind == "phone":
        return _national_phone(rng, region)
    if kind == "secret":
        if form == "vendor":
            return _vendor_key(rng)
        password = fake.password(length=rng.randint(10, 14))
        return {
            "password-is": password,
            "password-quoted": f"{fake.word()} {password[:6]}",
            "pw": password,
            "pin": digits(rng.choice((4, 6))),
            "random": _random_key(rng),
        }[form]
    return {
        "grouped": f"{digits(4)}-{digits(4)}-{digits(2)}",
        "prefixed": f"ACC-{digits(8)}",
        "bare": digits(10),
        "customer": fake.bothify("C-####-####"),
        "hash": digits(7),
        "id": f"ORD-{rng.randint(2020, 2026)}-{digits(6)}",
        "amazon": f"{digits(3)}-{digits(7)}-{digits(7)}",
        "so": f"SO{digits(8)}",
        "invoice": f"{rng.choice(('INV', 'RE', 'F'))}-{digits(6)}",
        "booking": fake.bothify("??#-#####", letters=upper),
        "case": digits(8),
        "serial": _pick(rng, upper, 3) + digits(2) + _pick(rng, upper + string.digits, 7),
        "reference": f"{_pick(rng, upper, 3)}-{rng.randint(2020, 2026)}-{digits(5)}",
        "contract": f"{digits(2)}-{digits(6)}",
        "membership": digits(rng.choice((5, 7, 9))),
        "policy": f"POL/{digits(4)}/{digits(3)}",
    }[form]


def _vendor_key(rng: random.Random) -> str:
    alnum = string.ascii_letters + string.digits
    tail = _pick(rng, alnum, 24) + _pick(rng, string.digits, 2)
    return rng.choice(
        (
            f"sk_{tail}",
            f"pk_{tail}",
            f"rk_{tail}",
            f"acme_live_{tail}",
            f"shop_test_{tail}",
            f"ghp_{_pick(rng, alnum, 36)}",
            f"gho_{_pick(rng, alnum, 36)}",
            f"github_pat_11{_pick(rng, alnum, 30)}",
            f"xoxb-{_pick(rng, string.digits, 11)}-{_pick(rng, alnum, 24)}",
            f"xoxp-{_pick(rng, string.digits, 11)}-{_pick(rng, alnum, 24)}",
            f"AKIA{_pick(rng, string.ascii_uppercase + string.digits, 16)}",
            f"AIza{_pick(rng, alnum + '_-', 35)}",
        )
    )


def _look_alike(fake: Faker, rng: random.Random) -> str:
    return rng.choice(LOOK_ALIKES).format(
        version=rng.choice(("2.4.1", "v10.2.3", "4.2.0-beta.3", "17.4.1")),
        error=rng.choice(("ERR_1234", "E1234", "0x80070005", "ECONNRESET", "error 1603")),
        status=rng.choice((404, 500, 503)),
        date=fake.date(),
        size=rng.choice((512, 64, 2048)),
        port=rng.choice((8080, 443, 5432)),
        pct=rng.randint(1, 99),
        year=fake.year(),
        model=rng.choice(("XPS 9310", "RTX4090", "SM-G991B", "T14s Gen 3")),
        sha=fake.sha256(),
        uuid=fake.uuid4(),
        path=fake.file_path(depth=2),
    )


@functools.lru_cache(maxsize=1)
def build_corpus(seed: int = SEED, size: int = SIZE) -> tuple[Ticket, ...]:
    Faker.seed(seed)
    fakes = Faker(list(REGIONS))
    rng = random.Random(seed)
    tickets: list[Ticket] = []
    for index in range(size):
        locale = list(REGIONS)[index % len(REGIONS)]
        fake, forms = fakes[locale], list(FORMS[locale].items())
        ticket = Ticket(locale, "")
        body: list[str] = []
        for position in range(4):
            (kind, form), template = forms[(index // len(REGIONS) * 4 + position) % len(forms)]
            value = _value(kind, form, fake, rng, REGIONS[locale])
            ticket.pii.append((kind, form, value))
            body.append(template.format(v=value))
        for _ in range(3):
            survivor = _look_alike(fake, rng)
            ticket.survivors.append(survivor)
            body.append(f"{fake.sentence(nb_words=5)} {survivor}.")
        rng.shuffle(body)
        ticket.text = " ".join(body)
        tickets.append(ticket)
    return tuple(tickets)


def leaks(ticket: Ticket, out: str) -> list[str]:
    found = [f"{kind}/{form}: {value!r}" for kind, form, value in ticket.pii if value.lower() in out.lower()]
    for kind, form, value in ticket.pii:
        run = re.sub(r"\D", "", value)
        if len(run) >= 6 and run in re.sub(r"\D", "", out):
            found.append(f"{kind}/{form} digits: {value!r}")
    return found
