"""Bank and card numbers: IBANs (mod-97 checksum) and payment cards (Luhn checksum).

Both are checksum-validated, so a finding is near-certain; the scan runs them before the looser
phone matcher, which would otherwise take a slice of their digits.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

__all__ = ["find_cards", "find_ibans"]


# IBANs: a country code, two check digits and the country's fixed number of characters, with
# a mod-97 checksum. Only registered countries count, at their registered length: a checksum alone
# passes one random string in 97, and a log full of hex ids ("eb432cced4f50a7a") offers plenty.
# IBANs are written in capitals; a lower-case one counts only when grouped ("de89 3704 ...").

_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_CANDIDATE_RE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ \t]?[A-Za-z0-9]){11,32}(?!\w)")
# What a candidate cannot do without, from its first digit: the regex engine jumps from digit to
# digit, while the candidate pattern starts with a look-behind tried at every position.
_IBAN_CLUE_RE = re.compile(r"\d(?<=[A-Za-z][A-Za-z]\d)\d(?:[ \t]?[A-Za-z0-9]){11}")


def _iban_checksum_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def find_ibans(text: str) -> Iterator[tuple[int, int]]:
    if not _IBAN_CLUE_RE.search(text):
        return
    for match in _IBAN_CANDIDATE_RE.finditer(text):
        candidate = match.group()
        positions = [i for i, char in enumerate(candidate) if char.isalnum()]
        length = _IBAN_LENGTHS.get(candidate[:2].upper())
        # The candidate may have swallowed a following short word ("... 0130 00 and"): the
        # registered length says where the IBAN ends.
        if length is None or len(positions) < length:
            continue
        end = positions[length - 1] + 1
        if not candidate[:end].isupper() and " " not in candidate[:end]:
            continue
        if _iban_checksum_ok("".join(candidate[i] for i in positions[:length]).upper()):
            yield match.start(), match.start() + end


# --------------------------------------------------------------------------------------------
# Payment cards: 13 to 19 digits (Maestro: 12 to 19), grouped by spaces or dashes or not at all,
# Luhn-valid, with an issuer prefix (1 to 6: UATP/JCB, Mastercard, Amex/Diners/JCB, Visa,
# Mastercard/Maestro, Discover). Luhn passes one random number in ten; the prefix rule removes a
# further 40% of order numbers.

_CARD_CANDIDATE_RE = re.compile(r"(?<![\w+.,-])\d(?:[ \t-]?\d){11,30}(?!\w|[.,]\d)")
_CARD_CLUE_RE = re.compile(r"\d(?:[ \t-]?\d){11}")  # the same without the look-behind: fast to look for
_DIGIT_GROUP_RE = re.compile(r"\d+")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_shaped(digits: str) -> bool:
    if len(digits) == 12:  # Maestro issues 12-digit cards
        return digits.startswith(("50", "56", "57", "58", "6"))
    return 13 <= len(digits) <= 19 and digits[0] in "123456"


def _luhn_sums(digits: str) -> tuple[list[list[int]], list[list[int]]]:
    """Prefix sums of each digit and of its Luhn double, split by the parity of its position.

    With them the Luhn check of any slice is a few additions, so a candidate of 31 one-digit
    groups ("1 1 1 ...") costs its 31 x 8 slices, not 31 x 8 loops over up to 19 digits.
    """
    plain = [[0] * (len(digits) + 1) for _ in range(2)]
    doubled = [[0] * (len(digits) + 1) for _ in range(2)]
    for index, char in enumerate(digits):
        value = int(char)
        double = value * 2 - 9 if value > 4 else value * 2
        for parity in (0, 1):
            own = index % 2 == parity
            plain[parity][index + 1] = plain[parity][index] + (value if own else 0)
            doubled[parity][index + 1] = doubled[parity][index] + (double if own else 0)
    return plain, doubled


def _luhn_slice_ok(sums: tuple[list[list[int]], list[list[int]]], start: int, end: int) -> bool:
    """``_luhn_ok(digits[start:end])``: the last digit is kept, every second one before it doubled."""
    plain, doubled = sums
    kept = (end - 1) % 2
    total = plain[kept][end] - plain[kept][start] + doubled[1 - kept][end] - doubled[1 - kept][start]
    return total % 10 == 0


def find_cards(text: str) -> Iterator[tuple[int, int]]:
    if not _CARD_CLUE_RE.search(text):
        return
    for match in _CARD_CANDIDATE_RE.finditer(text):
        groups = list(_DIGIT_GROUP_RE.finditer(match.group()))
        all_digits = "".join(g.group() for g in groups)
        ends = list(itertools.accumulate((len(g.group()) for g in groups), initial=0))
        sums = _luhn_sums(all_digits)
        best: tuple[int, int] | None = None
        # A card may sit next to other digit groups ("card 4111 1111 1111 1111 2024"): try every
        # run of whole groups, longest first, and keep the longest one that is a valid card. Only
        # runs of 12 to 19 digits can be one.
        for first in range(len(groups)):
            last = bisect.bisect_right(ends, ends[first] + 19) - 2
            while last >= first and ends[last + 1] - ends[first] >= 12:
                start, end = ends[first], ends[last + 1]
                if _card_shaped(all_digits[start:end]) and _luhn_slice_ok(sums, start, end):
                    span = (groups[first].start(), groups[last].end())
                    if best is None or span[1] - span[0] > best[1] - best[0]:
                        best = span
                    break
                last -= 1
        if best is not None:
            yield match.start() + best[0], match.start() + best[1]
