"""The words and sentence templates of bench/gen.py, read from the JSON files in bench/gen_data/.

``vocabulary.json`` and ``categories/*.json`` hold the product's vocabulary (categories with their
verbs, objects, errors, symptoms and settings), ``templates.json`` the sentences of articles and
``questions.json`` the questions users ask; gen_data/README.md describes each field. The loaders
check the shape of every value and raise one ``DataError`` that lists every problem found, so a
broken edit is reported in full before any file is written.

Vocabulary strings may name ``{product}``, ``{sep}`` and ``{api_base}``; these are filled in when
the data is loaded. Templates are filled in later, per article, by gen_plan and gen_text.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

DATA_DIR = Path(__file__).resolve().parent / "gen_data"
PRODUCT = "Fernhill"
API_BASE = "https://api.fernhill.example/v2"
SEP = "\u203a"  # the right-pointing angle quote between the parts of a UI path
CONSTANTS: Mapping[str, str] = MappingProxyType({"product": PRODUCT, "sep": SEP, "api_base": API_BASE})
# gen_text writes the first sentence of these sections itself; every other kind needs openers.
FIXED_OPENINGS = frozenset({"api", "error", "settings", "troubleshoot"})


class DataError(ValueError):
    """A data file in bench/gen_data/ is missing or malformed; the message lists every problem."""


class Verb(NamedTuple):
    base: str  # "export"
    ing: str  # "exporting"
    past: str  # "exported"


class Noun(NamedTuple):
    plural: str  # "invoices"
    singular: str  # "invoice"


class Context(NamedTuple):
    phrase: str  # "to CSV"
    verbs: tuple[str, ...]  # the verbs it reads well with; empty = all


class ErrorCode(NamedTuple):
    code: str
    meaning: str  # a clause: "the export has more than 50,000 rows"
    fix: str  # an imperative: "narrow the date range and export again"


class Symptom(NamedTuple):
    phrase: str  # follows a plural subject: "are missing from the export"
    cause: str  # a clause: "the date filter excludes them"
    fix: str  # an imperative: "widen the date range and export again"


class Setting(NamedTuple):
    label: str  # "Invoice numbering"
    key: str  # "invoice_prefix"
    does: str  # a verb phrase: "sets the prefix printed before each invoice number"
    value: str  # an example value as typed on the command line


@dataclass(frozen=True)
class Group:
    """Verbs and objects that combine sensibly, with the errors, symptoms and settings around them."""

    verbs: tuple[Verb, ...]
    objects: tuple[Noun, ...]
    contexts: tuple[Context, ...]
    errors: tuple[ErrorCode, ...]
    symptoms: tuple[Symptom, ...]
    settings: tuple[Setting, ...]


@dataclass(frozen=True)
class Category:
    folder: str
    title: str
    description: str
    tag: str
    area: str  # the top-level menu, "Billing" in the UI path Billing, Invoices
    weight: int  # relative number of articles
    mobile: bool  # whether "in the mobile app" makes sense for its tasks
    groups: tuple[Group, ...]
    facts: tuple[str, ...]  # sentences only this category uses


@dataclass(frozen=True)
class Vocabulary:
    categories: tuple[Category, ...]  # in the order of the site's navigation
    roles: tuple[str, ...]  # the lowest first
    plans: tuple[str, ...]
    browsers: tuple[str, ...]
    platforms: tuple[str, ...]
    integrations: tuple[str, ...]
    workspaces: tuple[str, ...]
    action_contexts: tuple[str, ...]  # fit any task: "as an admin"
    mobile_contexts: tuple[str, ...]  # for categories whose tasks work in the app
    situation_contexts: tuple[str, ...]  # where a problem shows: "in Safari"
    read_verbs: frozenset[str]  # verbs that change nothing, so there is nothing to undo


class TitleTemplate(NamedTuple):
    kind: str  # the article's primary section kind
    template: str
    weight: int


@dataclass(frozen=True)
class Templates:
    """Sentence templates for articles; the per-kind tables are keyed by section kind."""

    titles: tuple[TitleTemplate, ...]
    headings: Mapping[str, tuple[str, ...]]  # its keys are the section kinds, in article order
    summaries: Mapping[str, tuple[str, ...]]
    leads: Mapping[str, tuple[str, ...]]
    openers: Mapping[str, tuple[str, ...]]
    prose: Mapping[str, tuple[str, ...]]
    web_first_steps: tuple[str, ...]
    web_middle_steps: tuple[str, ...]  # in the order they happen; a list uses a few of them
    web_last_steps: tuple[str, ...]
    mobile_steps: tuple[str, ...]
    mobile_optional_steps: tuple[str, ...]  # the mobile steps a list may leave out
    checks: tuple[str, ...]
    see_also: tuple[str, ...]
    see_section: tuple[str, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.headings)


@dataclass(frozen=True)
class Questions:
    templates: tuple[str, ...]
    mobile_templates: tuple[str, ...]  # only for categories whose tasks work in the app
    user_words: tuple[tuple[str, str], ...]  # (the product's word, the user's word)
    off_topic: tuple[str, ...]


class _Reader:
    """Takes the JSON files apart, noting every mismatch instead of stopping at the first."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.file = ""  # the file being read, relative to data_dir
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.file}: {where + ': ' if where else ''}{message}")

    def read(self, name: str) -> Any:
        """The JSON value in ``name``, or None (and a problem) when the file cannot be read."""
        self.file = name
        try:
            with (self.data_dir / name).open(encoding="utf-8") as file:
                return json.load(file)
        except (OSError, ValueError) as error:
            self.problem("", f"cannot read it: {error}")
            return None

    def expected(self, value: Any, where: str, what: str) -> None:
        self.problem(where, "missing" if value is None else f"expected {what}")

    def fields(self, value: Any, where: str, known: tuple[str, ...]) -> dict[str, Any]:
        """An object whose fields are all in ``known``; each reader of a field notes it if missing."""
        if not isinstance(value, dict):
            self.expected(value, where, "an object")
            return {}
        for key in value:
            if key not in known:
                self.problem(where, f"unknown field {key!r}")
        return value

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            self.expected(value, where, "a non-empty object")
            return {}
        return value

    def items(self, value: Any, where: str) -> list[tuple[str, Any]]:
        """``(where, item)`` for each item of a non-empty list."""
        if not isinstance(value, list) or not value:
            self.expected(value, where, "a non-empty list")
            return []
        return [(f"{where}[{i}]", v) for i, v in enumerate(value)]

    def text(self, value: Any, where: str, constants: bool = False) -> str:
        if not isinstance(value, str) or not value.strip():
            self.expected(value, where, "a non-empty string")
            return "?"
        text: str = value
        if constants:
            text = re.sub(r"\{(\w+)\}", lambda m: CONSTANTS.get(m[1], m[0]), text)
            if "{" in text or "}" in text:
                names = ", ".join(f"{{{name}}}" for name in CONSTANTS)
                self.problem(where, f"only {names} may appear in braces")
        else:
            try:
                list(string.Formatter().parse(text))
            except ValueError as error:
                self.problem(where, f"not a valid template: {error}")
        return text

    def texts(self, value: Any, where: str, constants: bool = False) -> tuple[str, ...]:
        return tuple(self.text(v, at, constants) for at, v in self.items(value, where))

    def parts(self, value: Any, where: str, count: int, shape: str) -> tuple[str, ...]:
        """``"export/exporting/exported"`` → its ``count`` parts."""
        found = tuple(p.strip() for p in self.text(value, where, constants=True).split("/"))
        if len(found) != count or not all(found):
            self.problem(where, f"expected {shape}, got {value!r}")
            return tuple(p or "?" for p in (*found, *[""] * count)[:count])
        return found

    def weight(self, value: Any, where: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.expected(value, where, "a whole number of at least 1")
            return 1
        return value

    def table(self, value: Any, where: str, kinds: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
        """A mapping from section kind to templates."""
        found = self.fields(value, where, kinds)
        return MappingProxyType({kind: self.texts(v, f"{where}.{kind}") for kind, v in found.items()})

    def check(self) -> None:
        if self.problems:
            lines = "".join(f"\n  {p}" for p in self.problems)
            count = len(self.problems)
            raise DataError(f"{self.data_dir}: {count} problem(s); its README.md describes each file:{lines}")


def _context(reader: _Reader, value: Any, where: str, verbs: tuple[Verb, ...]) -> Context:
    """``"export, download: as PDF"`` fits only those verbs; ``"for a past period"`` fits all."""
    limit, _, phrase = reader.text(value, where, constants=True).rpartition(":")
    names = tuple(v.strip() for v in limit.split(",") if v.strip())
    for name in names:
        if name not in [v.base for v in verbs]:
            reader.problem(where, f"{name!r} is not one of the group's verbs")
    return Context(phrase.strip(), names)


def _group(reader: _Reader, value: Any, where: str) -> Group:
    data = reader.fields(value, where, tuple(Group.__dataclass_fields__))

    def items(key: str) -> list[tuple[str, Any]]:
        return reader.items(data.get(key), f"{where}.{key}")

    def records(key: str, fields: tuple[str, ...]) -> list[list[str]]:
        """Objects with exactly these fields, as lists of their values."""
        found = []
        for at, item in items(key):
            record = reader.fields(item, at, fields)
            found.append([reader.text(record.get(f), f"{at}.{f}", constants=True) for f in fields])
        return found

    verbs = tuple(Verb(*reader.parts(v, at, 3, "base/ing/past")) for at, v in items("verbs"))
    return Group(
        verbs=verbs,
        objects=tuple(Noun(*reader.parts(v, at, 2, "plural/singular")) for at, v in items("objects")),
        contexts=tuple(_context(reader, v, at, verbs) for at, v in items("contexts")),
        errors=tuple(ErrorCode(*r) for r in records("errors", ErrorCode._fields)),
        symptoms=tuple(Symptom(*r) for r in records("symptoms", Symptom._fields)),
        settings=tuple(Setting(*r) for r in records("settings", Setting._fields)),
    )


def _category(reader: _Reader, folder: str) -> Category | None:
    value = reader.read(f"categories/{folder}.json")
    if value is None:
        return None
    data = reader.fields(value, "", tuple(f for f in Category.__dataclass_fields__ if f != "folder"))
    if not isinstance(data.get("mobile"), bool):
        reader.expected(data.get("mobile"), "mobile", "true or false")
    return Category(
        folder=folder,
        title=reader.text(data.get("title"), "title", constants=True),
        description=reader.text(data.get("description"), "description", constants=True),
        tag=reader.text(data.get("tag"), "tag"),
        area=reader.text(data.get("area"), "area", constants=True),
        weight=reader.weight(data.get("weight"), "weight"),
        mobile=data.get("mobile") is True,
        groups=tuple(_group(reader, g, at) for at, g in reader.items(data.get("groups"), "groups")),
        # Facts are used as they are, never as templates, so only the constants are filled in.
        facts=reader.texts(data.get("facts"), "facts", constants=True),
    )


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read vocabulary.json and the category files it lists."""
    reader = _Reader(data_dir)
    names = tuple(f for f in Vocabulary.__dataclass_fields__ if f != "categories")
    value = reader.read("vocabulary.json")
    reader.check()  # a file that cannot be read has nothing more to check
    data = reader.fields(value, "", ("categories", *names))
    words = {name: reader.texts(data.get(name), name) for name in names}
    folders = reader.texts(data.get("categories"), "categories")
    for folder in folders:
        if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", folder) is None or folders.count(folder) > 1:
            reader.problem("categories", f"{folder!r} is not a unique lower-case folder name")
    if len(words["roles"]) < 2:
        reader.problem("roles", "expected the owner role and at least one more")
    categories = [_category(reader, folder) for folder in folders]
    reader.check()
    return Vocabulary(
        categories=tuple(c for c in categories if c is not None),
        roles=words["roles"],
        plans=words["plans"],
        browsers=words["browsers"],
        platforms=words["platforms"],
        integrations=words["integrations"],
        workspaces=words["workspaces"],
        action_contexts=words["action_contexts"],
        mobile_contexts=words["mobile_contexts"],
        situation_contexts=words["situation_contexts"],
        read_verbs=frozenset(words["read_verbs"]),
    )


def load_templates(data_dir: Path = DATA_DIR) -> Templates:
    """Read templates.json."""
    reader = _Reader(data_dir)
    tables = ("headings", "summaries", "leads", "openers", "prose")
    lists = ("checks", "see_also", "see_section")
    value = reader.read("templates.json")
    reader.check()  # a file that cannot be read has nothing more to check
    data = reader.fields(value, "", ("titles", *tables, "web_steps", "mobile_steps", *lists))
    kinds = tuple(reader.mapping(data.get("headings"), "headings"))
    if "steps" not in kinds:
        reader.problem("headings", "the kind 'steps' is missing; articles of other kinds fall back to it")
    found = {key: reader.table(data.get(key), key, kinds) for key in tables}
    for key, needed in (("prose", kinds), ("openers", [k for k in kinds if k not in FIXED_OPENINGS])):
        for kind in needed:
            if kind not in found[key]:
                reader.problem(key, f"the kind {kind!r} is missing")
    titles = []
    for kind, options in reader.fields(data.get("titles"), "titles", kinds).items():
        for template, weight in reader.mapping(options, f"titles.{kind}").items():
            at = f"titles.{kind}.{template}"
            titles.append(TitleTemplate(kind, reader.text(template, at), reader.weight(weight, at)))
    web = reader.fields(data.get("web_steps"), "web_steps", ("first", "middle", "last"))
    mobile = []
    for at, item in reader.items(data.get("mobile_steps"), "mobile_steps"):
        step = reader.fields(item, at, ("step", "optional"))
        if not isinstance(step.get("optional", False), bool):
            reader.expected(step.get("optional"), f"{at}.optional", "true or false")
        mobile.append((reader.text(step.get("step"), f"{at}.step"), step.get("optional") is True))
    templates = Templates(
        titles=tuple(titles),
        headings=found["headings"],
        summaries=found["summaries"],
        leads=found["leads"],
        openers=found["openers"],
        prose=found["prose"],
        web_first_steps=reader.texts(web.get("first"), "web_steps.first"),
        web_middle_steps=reader.texts(web.get("middle"), "web_steps.middle"),
        web_last_steps=reader.texts(web.get("last"), "web_steps.last"),
        mobile_steps=tuple(step for step, _ in mobile),
        mobile_optional_steps=tuple(step for step, optional in mobile if optional),
        checks=reader.texts(data.get("checks"), "checks"),
        see_also=reader.texts(data.get("see_also"), "see_also"),
        see_section=reader.texts(data.get("see_section"), "see_section"),
    )
    reader.check()
    return templates


def load_questions(data_dir: Path = DATA_DIR) -> Questions:
    """Read questions.json."""
    reader = _Reader(data_dir)
    value = reader.read("questions.json")
    reader.check()  # a file that cannot be read has nothing more to check
    data = reader.fields(value, "", tuple(Questions.__dataclass_fields__))
    user_words = reader.mapping(data.get("user_words"), "user_words")
    questions = Questions(
        templates=reader.texts(data.get("templates"), "templates"),
        mobile_templates=reader.texts(data.get("mobile_templates"), "mobile_templates"),
        user_words=tuple((word, reader.text(theirs, f"user_words.{word}")) for word, theirs in user_words.items()),
        off_topic=reader.texts(data.get("off_topic"), "off_topic"),
    )
    reader.check()
    return questions
