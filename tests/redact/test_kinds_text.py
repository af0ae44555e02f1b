"""kb.redact, one kind at a time: street addresses, names and secrets, each with look-alikes
that must survive (emails, phones, cards, IBANs and IPs are in test_kinds.py)."""

from __future__ import annotations

import pytest

from kb.redact import (
    redact_text,
)
from tests.support.pii import (
    _JWT,
)


def redact(text: str, **kwargs: object) -> str:
    return redact_text(text, **kwargs).text  # type: ignore[arg-type]






# --------------------------------------------------------------------------------------------
# Addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 221B Baker Street, London NW1 6XE.", "Send it to [address]."),
        ("Ship to 1600 Amphitheatre Pkwy, Mountain View, CA 94043 please", "Ship to [address] please"),
        ("Hauptstraße 5, 10115 Berlin", "[address]"),
        ("Or Hauptstraße 5, 10115 Berlin.", "Or [address]."),
        ("Lieferung an Berliner Straße 12a\n10115 Berlin", "Lieferung an [address]"),
        ("Aurelia-Rogge-Platz 9-6\n74890 Witzenhausen", "[address]"),
        ("Täschestr. 46\n20558 Cottbus", "[address]"),
        ("12, rue de la Paix\n75002 Paris", "[address]"),
        ("boulevard Lévy\n29514 Barreboeuf", "[address]"),
        ("Am Markt 3, 10115 Berlin", "[address]"),
        ("My address:\n675 Reed Plain\nStephentown, AS 30595\nthanks", "My address:\n[address]\nthanks"),
        ("22482 Wong Hill Suite 577\nNorth Larrymouth, MT 25147", "[address]"),
        ("Flat 55\nHodgson Lane\nPort Richardshire\nST2M 4JP", "[address]"),
        ("Studio 11M\nWells Spring\nSouth Leslie\nN3 4JE", "[address]"),
        ("PSC 1855, Box 7441\nAPO AA 88689", "[address]"),
        ("P.O. Box 4411, Springfield, IL 62701", "[address]"),
        ("123 W 42nd St, New York, NY 10036", "[address]"),
        ("lives in Mountain View, CA 94043-1351 now", "lives in [address] now"),
        ("Flat 3, 12 High Street, Leeds LS1 4AP", "[address]"),
        ("Apartment 4B, 350 Fifth Avenue, New York, NY 10118", "[address]"),
        ("Bahnhofstrasse 1, 8001 Zürich", "[address]"),
        ("Kalverstraat 12, 1012 AB Amsterdam", "[address]"),
        ("von-Behring-Straße 3, 35041 Marburg", "[address]"),
        ("Schillerring 12\n10115 Berlin", "[address]"),
        ("I live at 42 Oak Ridge.", "I live at [address]."),  # everyday street word + context
        ("Please ship to 715 Morley Station", "Please ship to [address]"),
    ],
)
def test_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Main Street is closed",
        "10115 Berlin",
        "We moved 3 Acme Sync licences",
        "Acme Sync 4.2 on Windows 11",
        "Spring 2024 release",
        "Step 2: open Settings",
        "the 5 Key Features of Acme Vault",
        "We run 3 Data Centers in Europe.",
        "Office 365 Admin Center shows 12 Active Users.",
        "It stops at 23:59 UTC. Acme Cloud Drive then restarts",
        "Monitoring 5 hosts since Spring 2024",
        "75001 Paris. Acme Vault keeps crashing",
    ],
)
def test_not_addresses(text: str) -> None:
    assert "[address]" not in redact(text)


# --------------------------------------------------------------------------------------------
# Names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Maria,\nthe app crashes.", "Hi [name],\nthe app crashes."),
        ("Hello Maria Lopez, thanks", "Hello [name], thanks"),
        ("Dear Mr. Smith,", "Dear Mr. [name],"),
        ("Dear Ms Le Roux,", "Dear Ms [name],"),
        ("Hey Tom - quick question", "Hey [name] - quick question"),
        ("Hi Maria and Tom,", "Hi [name] and [name],"),
        ("Hallo Jürgen,", "Hallo [name],"),
        ("Sehr geehrte Frau Dr. Müller,", "Sehr geehrte Frau Dr. [name],"),
        ("Bonjour Émilie-Claude,", "Bonjour [name],"),
        ("Good morning Anna, the sync", "Good morning [name], the sync"),
        ("Thanks, John", "Thanks, [name]"),
        ("Thanks John!", "Thanks [name]!"),
        ("Thanks Maria for the quick fix", "Thanks [name] for the quick fix"),
        ("Best regards,\nAnna Schmidt", "Best regards,\n[name]"),
        ("Kind regards\nAnna Schmidt\nHead of IT", "Kind regards\n[name]\nHead of IT"),
        ("Cheers — Tom", "Cheers — [name]"),
        ("Many thanks, Priya", "Many thanks, [name]"),
        ("It works now. Thank you, Maria!", "It works now. Thank you, [name]!"),
        ("Viele Grüße\nHans-Jürgen Weber", "Viele Grüße\n[name]"),
        ("Cordialement,\nMarie de la Fontaine", "Cordialement,\n[name]"),
        ("Sarah — Acme Support", "Sarah — Acme Support"),
        ("Best,\nSarah — Acme Support", "Best,\n[name] — Acme Support"),
        ("My name is Jane Doe and I manage", "My name is [name] and I manage"),
        ("Dear Ms Hope,", "Dear Ms [name],"),
        ("Dear Ms van der Dussen,", "Dear Ms [name],"),
        ("Best regards,\nErica Dussen van", "Best regards,\n[name]"),
        ("Thanks, John F. Kennedy", "Thanks, [name]"),
        ("Thanks John and good luck", "Thanks [name] and good luck"),
        ("Merci Maria de la part de Tom", "Merci [name] de la part de Tom"),
        (
            "On Mon, 13 May 2024 at 10:30, Anna Schmidt <anna@x.com> wrote:",
            "On Mon, 13 May 2024 at 10:30, [name] <[email]> wrote:",
        ),
        ("From: Anna Schmidt <anna@x.com>", "From: [name] <[email]>"),
        ('"Schmidt, Anna" <anna@x.com>', '"[name]" <[email]>'),
        ("Reply from Anna <a@b.de> please", "Reply from [name] <[email]> please"),
        ("Anna Schmidt wrote:", "[name] wrote:"),
        ("De : Marie Dupont", "De : [name]"),
        ("Contact: Jean-Luc de la Tour", "Contact: [name]"),
        ("Hi Tom and the IT team,", "Hi [name] and the IT team,"),
        ("Hi MARIA,", "Hi [name],"),
        ("Hi Jo,", "Hi [name],"),
        ("Thx, Maria", "Thx, [name]"),
        ("--\nMaria Lopez\nIT Manager", "--\n[name]\nIT Manager"),
        ("From: Heinz Weiß <h@x.de>", "From: [name] <[email]>"),
    ],
)
def test_names_in_greetings_and_signoffs(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hi team,",
        "Hi there, the app crashes",
        "Hello Acme Support,",
        "Hi, Quick question about Acme Sync",
        "Thanks, Acme Sync 4.2 works now",
        "Thanks for the quick reply",
        "Thanks again for your help",
        "Best practices for Acme Vault",
        "Regards to the team",
        "Hi all, Acme Sync crashed",
        "Hello IT team,",
        "Thanks in advance!",
        "Acme Support <support@acme.example>",
        "To: Support Team",
        "please email us at help@acme.example",
        "Sent from my iPhone",
        "Hello IT,",
        "Thanks, API works now",
        "Dear Sir or Madam,",
        "Kind regards\nThe Acme Team",
    ],
)
def test_not_names(text: str) -> None:
    assert "[name]" not in redact(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Account owner: Anna Schmidt.", "Account owner: [name]."),
        ("ask anna or SCHMIDT", "ask [name] or [name]"),
        ("Anna\nSchmidt signed", "[name] signed"),
        ("Annabelle and Schmidtke are others", "Annabelle and Schmidtke are others"),
        ("Anna's laptop", "[name]'s laptop"),
    ],
)
def test_requester_names_anywhere(text: str, expected: str) -> None:
    assert redact(text, names=["Anna Schmidt"]) == expected


def test_requester_names_titles_hyphens_and_common_words() -> None:
    assert redact("Dr. Ferenc Rädel said", names=["Dr. Ferenc Rädel"]) == "[name] said"
    assert redact("Dr. Who said", names=["Dr. Ferenc Rädel"]) == "Dr. Who said"
    assert redact("Émilie wrote; Claude too", names=["Émilie-Claude Pasquier"]) == "[name] wrote; [name] too"
    # Case-insensitive means the verb goes too: an agent fixes that in review.
    assert redact("I will ask Will Young", names=["Will Young"]) == "I [name] ask [name]"
    assert redact("DOS SANTOS and von der Heide", names=["Ana dos Santos", "Jo von der Heide"]) == ("[name] and [name]")
    assert redact("Grüße von der Ostsee", names=["Jo von der Heide"]) == "Grüße von der Ostsee"
    assert redact("PREISS wrote", names=["Lea Preiß"]) == "[name] wrote"
    assert redact("nothing a", names=["", "  ", "Dr.", "von der", "A"]) == "nothing a"
    assert redact("Anna wrote", names="Anna Schmidt") == "[name] wrote"  # one name, not letters


# --------------------------------------------------------------------------------------------
# Secrets



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password: hunter2!", "password: [secret]"),
        ("Password = 'S3cr3t pass'", "Password = '[secret]'"),
        ("pwd=abc123&user=me", "pwd=[secret]"),
        ("my passcode is 4711-x", "my passcode is [secret]"),
        ("(password: abc(1)x).", "(password: [secret])."),
        ("Passwort: Sommer2024!", "Passwort: [secret]"),
        ("mot de passe : azerty123", "mot de passe : [secret]"),
        ("PIN: 4821", "PIN: [secret]"),
        ("key sk_live_4eC39HqLyjWDarjtT1zdp7dc", "key [secret]"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "[secret] leaked"),
        ("AKIAIOSFODNN7EXAMPLE is the id", "[secret] is the id"),
        ("xoxb-1234567890-abcdefghij and xoxp-99-88-77abcdefgh", "[secret] and [secret]"),
        (f"token {_JWT}", "token [secret]"),
        (f"Authorization: Bearer {_JWT}", "Authorization: Bearer [secret]"),
        ("Authorization: Bearer abc123def456ghi", "Authorization: Bearer [secret]"),
        ("My API key is 3f9a2b7c8d1e4f5a6b7c8d9e0f1a2b3c.", "My API key is [secret]."),
        ("the secret key was ZGVhZGJlZWYxMjM0NTY3ODkwYWJjZA==", "the secret key was [secret]"),
        ("https://admin:Pa55word@db.example.com/x", "https://[secret]@db.example.com/x"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIB\nabc\n-----END RSA PRIVATE KEY-----", "[secret]"),
        ("DB_PASSWORD=hunter2", "DB_PASSWORD=[secret]"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [secret]"),
        ("Server=x;User Id=sa;Password=Secr3t!;", "Server=x;User Id=sa;Password=[secret];"),
        ("CVV: 123", "CVV: [secret]"),
        ("api_key: abcd1234efgh", "api_key: [secret]"),
    ],
)
def test_secrets(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my password is not accepted",
        "Bearer authentication fails",
        "the password reset email never arrived",
        "the token expired after 60 seconds",
        "key ERR_CONNECTION_RESET_TIMEOUT",
        "I reset the PIN twice",
        "I changed my password: it still fails.",
        "Token refresh fails with 401.",
        "The secret is to restart twice.",
    ],
)
def test_not_secrets(text: str) -> None:
    assert redact(text) == text
