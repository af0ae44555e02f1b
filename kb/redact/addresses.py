"""Street addresses: recognisable shapes only.

Each regex yields a piece of an address:
  strong    a numbered street with an unambiguous street word ("221B Baker Street",
            "Hauptstraße 5", "12, rue de la Paix"), a US "City, ST 12345", a UK postcode,
            a "Words 3, 12345 Town" line, a PO box;
  numbered  a number and a street word that is also an everyday word ("1600 Oak Drive",
            "365 Admin Center", "Schillerring 12" next to "Spring 2024"): strong only after
            "ship to", "address", "I live at", ...;
  weak      a flat number, a street without its number, a "12345 Town" line.
Adjacent pieces (separated by a comma or a line break) are joined, and a group is kept when it
has a strong piece or at least two pieces: "Flat 6\\nDennis Rest\\nLeeds\\nLS1 4AP" is one
address, while "Main Street" or "10115 Berlin" alone in prose is not. A piece ending with the
town or postcode ends its address, so the next sentence is never joined on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from kb.redact.text import folded, word_set

__all__ = ["find_addresses"]


def _title_case_alternation(alternation: str) -> str:
    return "|".join(word.capitalize() for word in alternation.split("|"))


# A capitalised word; a dot only after the usual abbreviations, so a town at the end of a
# sentence does not swallow the next one ("75001 Paris. Acme Vault keeps crashing").
_CAP = r"(?:(?:St|Ste|Mt|Ft|Pt)\.|[A-ZÀ-ÖØ-Þ][\w'\u2019-]*)"
# Patterns that begin with a word start only at the start of a word: with a plain (?<!\w), a
# hyphenated run ("Aa-Aa-Aa-...") offers a start after every hyphen and the scan goes quadratic.
# The street patterns below read a whole word lazily ("Aurelia-Rogge-Platz"), so a word's dots
# and apostrophes must not offer starts either ("A.A.A.... weg 1" took a second per 4 KB).
_WORD_START = r"(?<![\w'\u2019.-])"
_STREET_WORD = r"[A-ZÀ-ÖØ-Þ][\w'\u2019-]*"  # no dots: "23:59 UTC. Acme Cloud Drive" is two sentences
_STREET_NAME = (
    r"(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?[ \t]+)?"
    rf"(?:(?:{_STREET_WORD}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,3}}"
)
# Street words that hardly mean anything else after a number and a capitalised name.
_EN_STREET = (
    r"street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|dr|ct|pl|parkway|pkwy|terrace|ter|"
    r"hwy|sq|trl|crescent|cres|gardens|gdns|mews|alley|turnpike|expressway|freeway|motorway|"
    r"causeway|stravenue|crossroads?|throughway|trafficway|cir"
)
# Street words that are also product or everyday words ("Admin Center", "Google Drive").
_EN_SUFFIX = (
    r"drive|court|way|place|circle|highway|square|trail|close|grove|garden|walk|hill|park|green|"
    r"rise|view|vale|wharf|quay|plaza|loop|pike|ridge|crossing|estate|heights|meadow|manor|"
    r"village|ville|valley|harbou?r|haven|junction|landing|lodge|mill|orchard|oval|spring|summit|"
    r"bypass|centre|center|corner|cove|creek|crest|dale|fall|ferry|field|flat|ford|forest|forge|"
    r"fork|fort|gateway|glen|hollow|inlet|island|isle|knoll|lake|mount|mountain|neck|overpass|"
    r"pine|plain|port|prairie|ranch|rapid|river|route|row|rue|run|shoal|shore|skyway|spur|"
    r"stream|trace|tunnel|underpass|viaduct|vista|well|bridge|brook|burg|camp|canyon|cape|"
    r"passage|path|point|union|track|divide|extension|dam|curve|club|common|light|key|lock|"
    r"loaf|mission|radial|ramp|rest|station|wall|land|annex|arcade|bayou|beach|bend|bluff|"
    r"bottom|branch|cliff|course|drove|gate|yard|wynd|pass|mall|via|parade|approach|broadway|"
    r"chase|circus|esplanade|promenade|fairway|grange|walkway|driveway|alleyway|roadway|laneway|"
    r"pathway|quadrant|strand|glade|dell|copse|brae|towers|villas|ridgeway|circuit|concourse|"
    r"courtyard|crossway|tollway|thoroughfare|highroad|piazza"
)
# The everyday street words count only in title case ("Oak Ridge", not "we run 3 tests").
_EN_ANY_SUFFIX = rf"(?:(?i:(?:{_EN_STREET})s?)|(?:{_title_case_alternation(_EN_SUFFIX)})s?)\b\.?"
_STATES = (
    "AL|AK|AS|AZ|AR|CA|CO|CT|DE|DC|FM|FL|GA|GU|HI|ID|IL|IN|IA|KS|KY|LA|ME|MH|MD|MA|MI|MN|MS|MO|MT|"
    "NE|NV|NH|NJ|NM|NY|NC|ND|MP|OH|OK|OR|PW|PA|PR|RI|SC|SD|TN|TX|UT|VT|VI|VA|WA|WV|WI|WY|AA|AE|AP"
)
_TOWN = (
    rf"{_CAP}(?:[ \t]+(?:(?:am|an|im|in|bei|der|den|ob|vor|sur|sous|en|de|la|le|les|du|des|upon|"
    rf"on|the)[ \t]+){{0,2}}{_CAP}){{0,3}}"
)
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]\d[A-Z]{2}"
_HOUSE_NUMBER = r"\d{1,4}[a-zA-Z]?(?:[ \t]*[-/][ \t]*\d{1,4}[a-zA-Z]?)?"
_UNIT = r"(?:Flat|Studio|Apartment|Apt\.?|Suite|Ste\.?|Unit|Room|Floor)"
# Not a decimal, a time, a path, a ticket, a price, or the last group of a phone number.
_BEFORE_NUMBER = r"(?<![\w.,:/#$€£+-])(?<!\d[ \t.-])"
# German "-ring" streets look like English "-ring" words ("Spring 2024", "Monitoring 5 hosts").
_DE_STREET = (
    r"straße|strasse|str\.|gasse|weg|allee|platz|damm|ufer|chaussee|steig|pfad|zeile|"
    r"straat|laan|plein|gracht|kade|singel|dijk|steeg"  # Dutch
)
_FR_STREET_WORD = (
    r"rue|avenue|av\.|boulevard|bd|chemin|impasse|place|all[ée]e|quai|route|cours|passage|"
    r"square|voie|sentier|esplanade|promenade|rond-point|faubourg"
)
_FR_STREET = (
    rf"(?i:{_FR_STREET_WORD})[ \t]+"
    r"(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|la|le|les|l')[ \t]*)?"
    rf"{_CAP}(?:[ \t]+(?:(?:de|du|des|la|le)[ \t]+)?{_CAP}){{0,3}}"
)


class _Clue(NamedTuple):
    """A cheap pattern that every match of an address pattern implies (see :class:`_Shape`).

    Plain words are looked for with ``in``, which is many times faster than a regex search.
    """

    pattern: re.Pattern[str] | tuple[str, ...]  # a regex, or words one of which must occur
    folded: bool = False  # look in folded(text): the clue of a case-insensitive pattern
    requires: _Clue | None = None  # a still cheaper clue this one implies, looked for first


class _Shape(NamedTuple):
    """An address pattern and its clues: a text that holds none of them cannot match it.

    Most tickets hold no address, and the full patterns are the slowest part of redaction: most
    start with a look-behind, so they are tried at every position of the text. A clue is a word,
    or a pattern starting with a character the engine jumps to, and every match of the pattern
    implies one of its clues, so skipping the pattern when none is found changes nothing
    (tests/test_redact_prechecks.py holds every clue to its pattern).
    """

    regex: re.Pattern[str]
    clues: tuple[_Clue, ...] = ()


def _shape(source: str, *clues: _Clue) -> _Shape:
    return _Shape(re.compile(source), clues)


def _clue(source: str | tuple[str, ...], *, folded: bool = False, requires: _Clue | None = None) -> _Clue:
    return _Clue(re.compile(source) if isinstance(source, str) else source, folded, requires)


def _spellings(alternation: str, *, plural: bool = False) -> list[str]:
    """Every word an alternation of words matches; with ``plural``, each also with an "s" after it.

    The words are plain but for an escaped dot, a choice of letters ("all[ée]e") and an optional
    letter: "harbou?r" gives harbor and harbour.
    """
    spelled: set[str] = set()
    pending = alternation.split("|")
    while pending:
        word = pending.pop()
        if choice := re.search(r"\[(\w+)\]", word):
            pending.extend(word[: choice.start()] + letter + word[choice.end() :] for letter in choice.group(1))
        elif optional := re.search(r"(\w)\?", word):
            pending.extend(word[: optional.start()] + kept + word[optional.end() :] for kept in (optional[1], ""))
        else:
            word = word.replace("\\.", ".")
            spelled.update((word, word + "s") if plural else (word,))
    return sorted(spelled)


def _by_first_letter(spellings: Iterable[str]) -> str:
    """``spellings`` as one alternation grouped by first letter: the engine jumps to the letters
    that start a word and tries one group there, rather than every word at every position."""
    groups: dict[str, list[str]] = {}
    for word in spellings:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# A clue starting with a fixed character is the fastest to look for, so one that starts with a
# blank ([ \t]) is looked for as two: after a space, and after a tab in a text that has one.
_TAB = _clue(("\t",))


def _after_blank(source: str, *, folded: bool = False) -> tuple[_Clue, _Clue]:
    return _clue(f" {source}", folded=folded), _clue(f"\t{source}", folded=folded, requires=_TAB)


# A street word as the street patterns take it, after a blank and to the end of a word: the
# unambiguous ones in any case, the everyday ones in title case.
_EN_STREET_CLUES = _after_blank(rf"(?:{_by_first_letter(_spellings(_EN_STREET, plural=True))})(?!\w)", folded=True)
_EN_SUFFIX_CLUES = _after_blank(
    rf"(?:{_by_first_letter(word.capitalize() for word in _spellings(_EN_SUFFIX, plural=True))})(?!\w)"
)
_DE_STREET_CLUE = _clue(rf"(?:{_by_first_letter(_spellings(_DE_STREET))})[ \t]+\d", folded=True)
_FR_STREET_CLUE = _clue(rf"(?:{_by_first_letter(_spellings(_FR_STREET_WORD))})[ \t]", folded=True)
# Zip codes, German postcodes and US military mail all have five digits in a row.
_FIVE_DIGITS = _clue(r"\d\d\d\d\d")

# A piece that ends with the town or postcode ends the address: nothing after it is joined on.
_LOCALITY_RES = (
    # Mountain View, CA 94043
    _shape(
        rf"{_WORD_START}{_TOWN},?[ \t]+(?:{_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?(?!\w)",
        _clue(r"[A-Z][A-Z][ \t]+\d\d\d\d\d", requires=_FIVE_DIGITS),
    ),
    # London NW1 6XE / Middletontown\nBH49 2GW
    _shape(rf"{_WORD_START}(?:{_TOWN},?[ \t]*\n?[ \t]*)?{_UK_POSTCODE}(?!\w)", *_after_blank(r"\d[A-Z][A-Z]")),
    # Am Markt 3, 10115 Berlin / Schillerring 12\n10115 Berlin: any "Words 3, 12345 Town"
    _shape(
        rf"{_WORD_START}(?:(?:{_CAP}[ \t]+){{0,3}}{_CAP}|(?:{_CAP}[ \t]+){{1,3}}[a-zäöüß][\w'\u2019-]*)"
        rf"[ \t]+{_HOUSE_NUMBER},?[ \t]*\n?[ \t]*\d{{5}}[ \t]+{_TOWN}",
        _clue(r"\d[a-zA-Z]?,?[ \t]*\n?[ \t]*\d{5}[ \t]", requires=_FIVE_DIGITS),
    ),
    # US military mail: PSC 1234, Box 5678 / USNS Smith, then APO/FPO/DPO AE 12345
    _shape(
        r"(?<!\w)(?:(?:PSC|Unit)[ \t]+\d{4},?[ \t]+Box[ \t]+\d{4}|(?:USNS|USS|USNV|USCGC)[ \t]+"
        r"[A-Z][a-z]+)[ \t]*,?[ \t]*\n?[ \t]*[ADF]PO[ \t]+A[AEP][ \t]+\d{5}(?!\w)",
        _clue(r"[ADF]PO[ \t]+A[AEP]", requires=_FIVE_DIGITS),
    ),
)
_STRONG_ADDRESS_RES = (
    # 221B Baker Street, 1600 Amphitheatre Pkwy, 123 W 42nd St, 49 Baker parkways
    _shape(
        rf"{_BEFORE_NUMBER}\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+{_STREET_NAME}"
        rf"(?i:(?:{_EN_STREET})s?)\b\.?",
        *_EN_STREET_CLUES,
    ),
    # Hauptstraße 5, Berliner Straße 12a, Aurelia-Rogge-Platz 9-6, Täschestr. 46,
    # von-Behring-Straße 3, Dussen vanweg 44
    _shape(
        rf"{_WORD_START}(?:(?:{_CAP}[ \t]+){{1,2}}|(?=[A-ZÄÖÜ]|[a-zäöü]+-[A-ZÄÖÜ]))[\w'\u2019.-]*?"
        rf"(?i:{_DE_STREET})[ \t]+{_HOUSE_NUMBER}(?!\w)",
        _DE_STREET_CLUE,
    ),
    # 12, rue de la Paix / 5 bis avenue Victor Hugo
    _shape(rf"{_BEFORE_NUMBER}\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+{_FR_STREET}", _FR_STREET_CLUE),
    # P.O. Box 123, Postfach 1234
    _shape(r"(?<!\w)(?:P\.?[ \t]?O\.?[ \t]?Box|Postfach)[ \t]+\d{1,6}(?!\w)", _clue(("Box", "Postfach"))),
)
_NUMBERED_ADDRESS_RES = (
    # 1600 Oak Drive, 9 Lee Centers
    _shape(
        rf"{_BEFORE_NUMBER}\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+{_STREET_NAME}{_EN_ANY_SUFFIX}",
        *_EN_STREET_CLUES,
        *_EN_SUFFIX_CLUES,
    ),
    # Schillerring 12
    _shape(
        rf"{_WORD_START}(?:(?:{_CAP}[ \t]+){{1,2}}|(?=[A-ZÄÖÜ]))[\w'\u2019.-]*?(?i:ring)[ \t]+"
        rf"{_HOUSE_NUMBER}(?!\w)",
        _clue(r"ring[ \t]+\d", folded=True),
    ),
)
_WEAK_ADDRESS_RES = (
    # Flat 5, Studio 81X, Apt. 4B, Suite 577
    _shape(rf"(?<!\w){_UNIT}[ \t]*#?[ \t]*\d{{1,5}}[A-Za-z]?(?!\w)", _clue(rf"{_UNIT}[ \t]*#?[ \t]*\d")),
    # Smith roads, Maria Ville (a street without its number)
    _shape(rf"{_WORD_START}{_STREET_NAME}{_EN_ANY_SUFFIX}", *_EN_STREET_CLUES, *_EN_SUFFIX_CLUES),
    # boulevard Lévy
    _shape(rf"(?<!\w){_FR_STREET}", _FR_STREET_CLUE),
)
_WEAK_LOCALITY_RES = (
    # 10115 Berlin, 74503 Saint-Denis Cedex, 8001 Zürich, 1012 AB Amsterdam
    _shape(
        rf"{_BEFORE_NUMBER}(?:\d{{5}}|\d{{4}}(?:[ \t][A-Z]{{2}})?)[ \t]+{_TOWN}"
        r"(?:[ \t]+CEDEX(?:[ \t]+\d{1,2})?)?",
        _clue(r"\d\d\d\d(?:\d|[ \t][A-Z][A-Z])?[ \t]+[A-ZÀ-ÖØ-Þ]"),
    ),
)
_ADDRESS_CONTEXT_RE = re.compile(
    r"(?<!\w)(?i:address|adresse|ship|shipped|shipping|deliver|delivered|delivery|live|lives|living|"
    r"located|moved|send|sent|post|mail|wohne|wohnhaft|liefer\w*|habite|livraison)\b[^\n]{0,25}$"
)
# Pieces of one address are separated by a comma or a line break; a space is enough only
# before a flat or suite ("22482 Wong Hill Suite 577").
_ADDRESS_GAP_RE = re.compile(r"[ \t]*(?:[,;][ \t]*(?:\n[ \t]*)?|\n[ \t]*)")
_SPACE_GAP_RE = re.compile(r"[ \t]+")
_UNIT_RE = re.compile(rf"{_UNIT}(?!\w)")
# Capitalised words the street patterns may take in front of a street name at a sentence start
# ("Or Hauptstraße 5", "Please send it to ..."); they are prose, not part of the address.
_NOT_ADDRESS_WORDS = word_set(
    """or and to at in on the my our your his her their please send ship deliver delivered address
    is was from via for bei nach und oder zu mein meine unsere ihre adresse lieferadresse
    ou et à chez mon ma notre votre"""
)
_LEADING_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019.-]*[ \t]+")


def _trim_leading_prose(text: str, start: int, end: int) -> int:
    while match := _LEADING_WORD_RE.match(text, start, end):
        if match.group().strip().lower() not in _NOT_ADDRESS_WORDS:
            break
        start = match.end()
    return start


class _Piece(NamedTuple):
    start: int
    end: int
    strong: bool
    final: bool  # ends with the town or postcode


class _Clues:
    """Which clues one text holds, each looked for once: several shapes share a clue."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None = None
        # By identity: hashing a clue would hash its compiled pattern, every time.
        self._found: dict[int, bool] = {}

    def allow(self, shape: _Shape) -> bool:
        return not shape.clues or any(self._holds(clue) for clue in shape.clues)

    def _holds(self, clue: _Clue) -> bool:
        found = self._found.get(id(clue))
        if found is None:
            if clue.requires is not None and not self._holds(clue.requires):
                found = False
            else:
                haystack = self._lower() if clue.folded else self.text
                if isinstance(clue.pattern, tuple):
                    found = any(word in haystack for word in clue.pattern)
                else:
                    found = clue.pattern.search(haystack) is not None
            self._found[id(clue)] = found
        return found

    def _lower(self) -> str:
        if self._folded is None:
            self._folded = folded(self.text)
        return self._folded


def _address_pieces(text: str) -> Iterator[_Piece]:
    """Every piece of an address the regexes recognise."""
    clues = _Clues(text)
    for kind, final, shapes in (
        ("strong", False, _STRONG_ADDRESS_RES),
        ("strong", True, _LOCALITY_RES),
        ("numbered", False, _NUMBERED_ADDRESS_RES),
        ("weak", False, _WEAK_ADDRESS_RES),
        ("weak", True, _WEAK_LOCALITY_RES),
    ):
        for shape in shapes:
            if not clues.allow(shape):
                continue
            for match in shape.regex.finditer(text):
                end = match.end()
                while end > match.start() and text[end - 1] in ".,":  # sentence punctuation
                    end -= 1
                start = _trim_leading_prose(text, match.start(), end)
                if start >= end:
                    continue
                strong = kind == "strong" or (
                    kind == "numbered" and _ADDRESS_CONTEXT_RE.search(text, max(0, start - 40), start) is not None
                )
                yield _Piece(start, end, strong, final)


def find_addresses(text: str) -> Iterator[tuple[int, int]]:
    # Overlapping pieces are one piece ("1600 Oak Drive" is both numbered and a bare street).
    clusters: list[_Piece] = []
    for piece in sorted(_address_pieces(text)):
        if clusters and piece.start < clusters[-1].end:
            last = clusters[-1]
            if piece.end == last.end:  # "1600 Amphitheatre" could be a postcode and a town too
                final = last.final and piece.final
            else:
                final = piece.final if piece.end > last.end else last.final
            clusters[-1] = _Piece(last.start, max(last.end, piece.end), last.strong or piece.strong, final)
        else:
            clusters.append(piece)
    groups: list[list[_Piece]] = []
    for cluster in clusters:
        if groups and not groups[-1][-1].final:
            gap = (groups[-1][-1].end, cluster.start)
            if _ADDRESS_GAP_RE.fullmatch(text, *gap) or (
                _SPACE_GAP_RE.fullmatch(text, *gap) and _UNIT_RE.match(text, cluster.start)
            ):
                groups[-1].append(cluster)
                continue
        groups.append([cluster])
    for group in groups:
        if len(group) > 1 or group[0].strong:
            yield group[0].start, group[-1].end
