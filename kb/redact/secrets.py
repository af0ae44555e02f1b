"""Secrets: passwords, API keys and tokens.

Key-value pairs (password: ..., pwd=...), well-known token shapes, long tokens after
key words. Only the value is replaced, so "password: [secret]" still reads as a sentence.

Most texts hold no key word and no token prefix, and the patterns start with look-behinds that
are tried at every position; so each pattern is tried only when a substring test finds a word it
cannot match without (in folded(text) for the case-insensitive ones).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator

from kb.redact.text import folded, word_set

__all__ = ["find_secrets", "random_looking"]


_SECRET_WORDS = (
    r"pass(?:word|wd|code|phrase)?|pwd|pw|pin|passwort|kennwort|mot\s+de\s+passe|mdp|contrase[ñn]a|"
    r"secret|"
    r"client[_ -]?secret|(?:api|access|secret|private)[_ -]?key|apikey|"
    r"(?:access|auth|api|refresh|session|bearer)?[_ -]?token|cvv2?|cvc2?|security[ \t]+code"
)
# What every key in _SECRET_WORDS contains ("mot de passe" has "pass"), in lower case.
_SECRET_KV_WORDS = (
    "pass",
    "pw",
    "pin",
    "contrase",
    "kennwort",
    "mdp",
    "secret",
    "key",
    "token",
    "cvv",
    "cvc",
    "security",
)
_SECRET_KV_RE = re.compile(
    # "_" may come before: DB_PASSWORD=..., aws_secret_access_key = ...
    rf"(?<![A-Za-z0-9-])(?i:{_SECRET_WORDS})(?!\w)[ \t]*+"
    r"(?P<sep>[:=]|(?i:\b(?:is|was|ist|war|lautet|est|es)(?:[ \t]++(?:now|jetzt))?\b)|:[ \t]*=)[ \t]*+"
    # A quoted value runs to its closing quote; a bare one to the next space. Passwords contain
    # '&', '(', '@' and the like, so a bare value takes every character but whitespace.
    r"(?:\"(?P<dq>[^\"\n\x00\x01]+)\"|'(?P<sq>[^'\n\x00\x01]+)'|`(?P<bq>[^`\n\x00\x01]+)`"
    r"|(?P<bare>[^\s\x00\x01]+))"
)
# Each token shape starts with a fixed prefix: a text without any of them skips the patterns.
_SECRET_TOKEN_RES = tuple(
    (re.compile(source), prefixes)
    for source, prefixes in (
        (r"\b[spr]k_(?:live|test)_[0-9A-Za-z]{10,}", ("k_live_", "k_test_")),  # Stripe
        # Any vendor's live or test key: acme_live_..., shop_test_... (a digit is checked below)
        (r"\b[A-Za-z][A-Za-z0-9]{0,15}_(?:live|test)_(?=[A-Za-z]*\d)[0-9A-Za-z]{16,}+(?!\w)", ("_live_", "_test_")),
        (r"\b[spr]k_(?=[A-Za-z]*\d)[0-9A-Za-z]{20,}+(?!\w)", ("sk_", "pk_", "rk_")),
        (r"\bgh[pousr]_[A-Za-z0-9]{30,}", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),  # GitHub
        (r"\bgithub_pat_[A-Za-z0-9_]{20,}", ("github_pat_",)),
        (r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", ("AKIA", "ASIA")),  # AWS access key id
        (r"\bxox[abposr]-[0-9A-Za-z-]{10,}", ("xox",)),  # Slack
        (r"\bAIza[0-9A-Za-z_-]{35}", ("AIza",)),  # Google API key
        (r"\bglpat-[0-9A-Za-z_-]{20,}", ("glpat-",)),  # GitLab
        (r"\bnpm_[A-Za-z0-9]{36}", ("npm_",)),
        (r"\bSG\.[\w-]{16,}\.[\w-]{16,}", ("SG.",)),  # SendGrid
        (r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", ("eyJ",)),  # JWT
    )
)
# Group ``value`` only: the scheme word or the URL around it stays. Each pattern comes with the
# words it cannot match without, looked up in folded(text) (see kb.redact.text).
_SECRET_VALUE_RES = (
    # A bearer token has digits; "Bearer authentication fails" must survive.
    (
        re.compile(r"\b(?i:bearer|token)[ \t]+(?P<value>(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}=*)"),
        ("bearer", "token"),
    ),
    (
        re.compile(
            r"\bAuthorization:[ \t]*(?:(?:basic|bearer|token|digest|negotiate|ntlm|apikey)[ \t]+)?"
            r"(?P<value>[^\s\x00\x01]{6,})",
            re.IGNORECASE,
        ),
        ("authorization:",),
    ),
    (re.compile(r"(?<=://)(?P<value>[^\s:/@\x00\x01]+:[^\s/@\x00\x01]+)(?=@)"), ("://",)),  # user:password@host
)
_SECRET_LONG_RE = re.compile(
    r"\b(?i:keys?|tokens?|secrets?|signature|credentials?)\b[^\n\x00\x01]{0,24}?"
    r"(?<![\w+/=-])(?P<value>[A-Za-z0-9+/_=-]{20,})"
)
# A private key runs from its BEGIN line to its END line. A lazy [\s\S]*? between them made every
# BEGIN without an END scan to the end of the text (quadratic in the number of BEGIN lines), so the
# END is looked for once with str.find; a key pasted without its END line goes to the end of its
# block of base64 lines.
_PRIVATE_KEY_BEGIN_RE = re.compile(r"-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----")
_PRIVATE_KEY_END_RE = re.compile(r"-----END [A-Z ]{0,40}PRIVATE KEY-----")
_KEY_BLOCK_RE = re.compile(r"(?:[ \t]*\r?\n[ \t]*(?:[A-Za-z0-9+/=]+|[A-Za-z-]+:[^\n]*))*")
# "pw Secret123", "PIN 4821", "password 'p@ss w0rd'": a password word, blanks, then the value. Only
# the password words: "key 3" or "token 2" without a separator are prose.
_PASSWORD_BARE_RE = re.compile(
    r"(?<![A-Za-z0-9-])(?i:password|passwd|passcode|passphrase|pwd|pw|pin|passwort|kennwort|"
    r"mot[ \t]+de[ \t]+passe|mdp|contrase[ñn]a)(?!\w)[ \t]++"
    r"(?:\"(?P<dq>[^\"\n\x00\x01]+)\"|'(?P<sq>[^'\n\x00\x01]+)'|(?P<bare>[^\s\x00\x01]++))"
)
_PASSWORD_BARE_WORDS = ("pass", "pw", "pin", "kennwort", "mdp", "contrase")
# A long token of random-looking letters and digits, not part of a path, a file name or an email.
_RANDOM_TOKEN_RE = re.compile(r"(?<![\w/\\.@:-])[A-Za-z0-9_-]{24,}+=*+(?![\w/\\@-]|\.\w)")
_SECRET_LONG_WORDS = ("key", "token", "secret", "signature", "credential")
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_PASSWORD_LIKE = re.compile(r"[\d\W_]")
# A colon after "password" in prose: "I changed my password: it still fails".
_PROSE_WORDS = word_set(
    """it is was the a an not still does doesn't didn't isn't wasn't has have had and or but i we
    my our this that no yes please reset changed expired wrong incorrect invalid required missing
    same new old again never always works worked fails failed"""
)


def find_secrets(text: str) -> Iterator[tuple[int, int]]:
    lower = folded(text)
    if any(word in lower for word in _SECRET_KV_WORDS):
        yield from _key_values(text)
    if any(word in lower for word in _PASSWORD_BARE_WORDS):
        yield from _bare_passwords(text)
    for regex, prefixes in _SECRET_TOKEN_RES:
        if any(prefix in text for prefix in prefixes):
            for match in regex.finditer(text):
                yield match.span()
    for match in _RANDOM_TOKEN_RE.finditer(text):
        if random_looking(match.group().rstrip("=")):
            yield match.span()
    if "-----BEGIN " in text:
        yield from _private_keys(text)
    for regex, needed in _SECRET_VALUE_RES:
        if any(word in lower for word in needed):
            for match in regex.finditer(text):
                # A token has a digit; "Authorization: Negotiate failed" is prose.
                if _HAS_DIGIT.search(match.group("value")):
                    yield match.span("value")
    if any(word in lower for word in _SECRET_LONG_WORDS):
        for match in _SECRET_LONG_RE.finditer(text):
            value = match.group("value")
            if _HAS_DIGIT.search(value) and _HAS_LETTER.search(value):
                yield match.span("value")


def random_looking(token: str) -> bool:
    """A key or token rather than a word, a name or an identifier in code.

    Random base62 of 24 characters mixes upper case, lower case and digits, has a Shannon entropy
    of about 4.2 bits per character, and changes class (upper, lower, digit, other) at about six
    characters in ten; CamelCase names ("AbstractProxyFactoryBean2") change at two in ten,
    upper-case constants and hex digests (no upper case, or no lower case) do not qualify. About
    2% of random 24-character tokens have no digit and are missed; at 32 characters 0.4%.
    """
    if not (any(c.isupper() for c in token) and any(c.islower() for c in token) and any(c.isdigit() for c in token)):
        return False
    counts = Counter(token)
    entropy = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    # Separators do not count: "Report_Q3_2024_Final_Version" is words, however it is joined.
    classes = ["u" if c.isupper() else "l" if c.islower() else "d" for c in token if c.isalnum()]
    changes = sum(a != b for a, b in itertools.pairwise(classes))
    return entropy >= 3.7 and changes >= 0.35 * (len(classes) - 1)


def _bare_passwords(text: str) -> Iterator[tuple[int, int]]:
    for match in _PASSWORD_BARE_RE.finditer(text):
        group = next(name for name in ("dq", "sq", "bare") if match.group(name) is not None)
        value = match.group(group)
        if group == "bare":
            value = value.rstrip(".,;:!?)")
            # "password reset", "PIN 12", "password manager": a password has a digit or a symbol.
            if len(value) < 4 or not _PASSWORD_LIKE.search(value) or value.lower() in _PROSE_WORDS:
                continue
            if value.startswith("["):  # a placeholder left by an earlier redaction
                continue
            if value.startswith("(") and value[1:].isalpha():  # "password (minimum 8 characters)"
                continue
        yield match.start(group), match.start(group) + len(value)


def _private_keys(text: str) -> Iterator[tuple[int, int]]:
    position, ended = 0, True
    while begin := _PRIVATE_KEY_BEGIN_RE.search(text, position):
        # Once a BEGIN has no END after it, no later BEGIN has one either: don't look again.
        end = _PRIVATE_KEY_END_RE.search(text, begin.end()) if ended else None
        if end is not None:
            yield begin.start(), end.end()
            position = end.end()
            continue
        ended = False
        block = _KEY_BLOCK_RE.match(text, begin.end())
        position = block.end() if block else begin.end()
        yield begin.start(), position


def _key_values(text: str) -> Iterator[tuple[int, int]]:
    """The values in "password: ...", "pwd=...", "my passcode is ..."."""
    for match in _SECRET_KV_RE.finditer(text):
        group = next(name for name in ("dq", "sq", "bq", "bare") if match.group(name) is not None)
        value = match.group(group)
        if group == "bare":
            # Sentence punctuation after a bare value is not part of it: "(password: abc1)."
            value = value.rstrip(".,;:")
            while value.endswith(")") and value.count(")") > value.count("("):
                value = value[:-1].rstrip(".,;:")
        # "my password is not accepted" is prose; "my password is Hunter2!" is a password.
        # A quote left alone once its value is a placeholder ("password: '[secret]'") is no value.
        if not value.strip("'\"`") or (match.group("sep")[:1].isalpha() and not _PASSWORD_LIKE.search(value)):
            continue
        if group == "bare" and value.lower() in _PROSE_WORDS:
            continue
        yield match.start(group), match.start(group) + len(value)
