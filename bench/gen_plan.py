"""The plan of the synthetic corpus: each article's category, title, tags, date and section headings.

One ``random.Random(seed)`` makes every decision in a fixed order, and nothing iterates a set, so
the same count and seed give the same plan on every run and machine.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass

from gen_vocabulary import (
    PRODUCT,
    SEP,
    Category,
    Context,
    ErrorCode,
    Group,
    Noun,
    Setting,
    Symptom,
    Templates,
    Verb,
    Vocabulary,
)

DEFAULT_SEED = 42
FIRST_DATE = dt.date(2024, 1, 1)
DATE_SPAN_DAYS = 800


@dataclass(frozen=True)
class PlannedSection:
    kind: str
    heading: str
    anchor: str


@dataclass(frozen=True)
class Topic:
    """Everything decided about one article before its prose is written."""

    index: int
    category: Category
    group: Group
    verb: Verb
    obj: Noun
    kind: str
    title: str
    slug: str
    context: str
    error: ErrorCode
    symptom: Symptom
    setting: Setting
    platform: str
    tags: tuple[str, ...]
    updated: dt.date
    sections: tuple[PlannedSection, ...]

    @property
    def path(self) -> str:
        return f"{self.category.folder}/{self.slug}.md"


def slugify(text: str) -> str:
    """Python-Markdown toc's default slug, so file names and anchors match what the site renders."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_label(label: str) -> str:
    """ "Invoice numbering" → "invoice numbering", but "SSO enforcement" stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _fits(context: Context, verb: Verb) -> bool:
    return not context.verbs or verb.base in context.verbs


def _action_contexts(vocabulary: Vocabulary, category: Category, group: Group, verb: Verb, mobile: bool) -> list[str]:
    found = [c.phrase for c in group.contexts if _fits(c, verb)]
    found.extend(vocabulary.action_contexts)
    if mobile and category.mobile:
        found.extend(vocabulary.mobile_contexts)
    return found


def situation_contexts(vocabulary: Vocabulary, category: Category) -> list[str]:
    mobile = list(vocabulary.mobile_contexts) if category.mobile else []
    return list(vocabulary.situation_contexts) + mobile


def topic_words(
    category: Category, verb: Verb, obj: Noun, error: ErrorCode, symptom: Symptom, setting: Setting
) -> dict[str, str]:
    """The placeholders a title, heading or summary can use."""
    same = obj.plural.lower() == category.area.lower()
    menu = category.area if same else f"{category.area} {SEP} {cap(obj.plural)}"
    return {
        "verb": verb.base,
        "Verb": cap(verb.base),
        "ing": verb.ing,
        "past": verb.past,
        "past_cap": cap(verb.past),
        "obj": obj.plural,
        "obj1": obj.singular,
        "Obj": cap(obj.plural),
        "obj_cap": cap(obj.plural),
        "code": error.code,
        "meaning": error.meaning,
        "efix": error.fix,
        "symptom": symptom.phrase,
        "cause": symptom.cause,
        "sfix": symptom.fix,
        "setting": setting.label,
        "setting_lower": _lower_label(setting.label),
        "does": setting.does,
        "key": setting.key,
        "area": category.area,
        "product": PRODUCT,
        "sep": SEP,
        "a_obj1": f"{'an' if obj.singular[0] in 'aeioAEIO' else 'a'} {obj.singular}",
        "menu": menu,
        "settings_menu": f"Settings {SEP} {category.area}",
    }


def _assign_categories(categories: tuple[Category, ...], count: int, rng: random.Random) -> list[Category]:
    """Every category gets an article first (when there are enough), the rest follow the weights."""
    order = list(categories)
    rng.shuffle(order)
    if count <= len(order):
        return order[:count]
    weights = [c.weight for c in categories]
    return order + rng.choices(categories, weights=weights, k=count - len(order))


def _plan_sections(
    vocabulary: Vocabulary,
    templates: Templates,
    kind: str,
    category: Category,
    words: dict[str, str],
    title_slug: str,
    rng: random.Random,
) -> tuple[PlannedSection, ...]:
    # Nothing to undo after reading data: no undo section for export, preview, search and the like.
    skip = {"mobile"} if not category.mobile else set()
    if words["verb"] in vocabulary.read_verbs:
        skip.add("undo")
    kinds = templates.kinds
    others = [k for k in kinds if k != kind and k not in skip]
    extra = rng.sample(others, rng.choice((2, 3, 3, 4)))
    chosen = [kind if kind in templates.headings else "steps"]
    chosen += [k for k in kinds if k in extra and k not in chosen]
    used = {title_slug}
    planned: list[PlannedSection] = []
    for section_kind in chosen:
        options = list(templates.headings[section_kind])
        rng.shuffle(options)
        for template in options:
            heading = cap(template.format_map(words))
            anchor = slugify(heading)
            if anchor not in used:
                used.add(anchor)
                planned.append(PlannedSection(section_kind, heading, anchor))
                break
    return tuple(planned)


def _plan_topic(
    vocabulary: Vocabulary,
    templates: Templates,
    index: int,
    category: Category,
    rng: random.Random,
    used_slugs: set[str],
) -> Topic:
    titles = [t for t in templates.titles if t.kind != "mobile" or category.mobile]
    weights = [t.weight for t in titles]
    for attempt in range(200):
        group = rng.choice(category.groups)
        verb = rng.choice(group.verbs)
        obj = rng.choice(group.objects)
        error = rng.choice(group.errors)
        symptom = rng.choice(group.symptoms)
        setting = rng.choice(group.settings)
        platform = rng.choice(vocabulary.platforms)
        kind, template, _ = rng.choices(titles, weights=weights)[0]
        if kind == "undo" and verb.base in vocabulary.read_verbs:
            continue
        words = topic_words(category, verb, obj, error, symptom, setting)
        context = rng.choice(_action_contexts(vocabulary, category, group, verb, mobile=kind != "api"))
        words.update(ctx=context, sctx=rng.choice(situation_contexts(vocabulary, category)), platform=platform)
        title = cap(template.format_map(words))
        if kind == "steps" and "{ctx}" in template and context in vocabulary.mobile_contexts:
            kind = "mobile"  # "Export invoices on Android" answers with the app's steps first
        if attempt >= 100:  # the title space of this category is crowded: add a qualifier
            title = f"{title} ({rng.choice(vocabulary.plans)} plan, {rng.choice(vocabulary.browsers)})"
        slug = slugify(title)
        # "How to export invoices" and "Export invoices" would be the same article twice.
        key = slug.removeprefix("how-to-")
        if key not in used_slugs:
            break
    else:
        raise RuntimeError(f"no unique title left in category {category.folder}; use fewer articles")
    used_slugs.add(key)
    tags = [category.tag, slugify(verb.base)]
    tags += {"mobile": ["mobile"], "api": ["api"], "error": ["errors"]}.get(kind, [])
    return Topic(
        index=index,
        category=category,
        group=group,
        verb=verb,
        obj=obj,
        kind=kind,
        title=title,
        slug=slug,
        context=words["ctx"],
        error=error,
        symptom=symptom,
        setting=setting,
        platform=platform,
        tags=tuple(dict.fromkeys(tags)),
        updated=FIRST_DATE + dt.timedelta(days=rng.randrange(DATE_SPAN_DAYS)),
        sections=_plan_sections(vocabulary, templates, kind, category, words, slug, rng),
    )


def plan_corpus(vocabulary: Vocabulary, templates: Templates, count: int, seed: int = DEFAULT_SEED) -> list[Topic]:
    """Decide every article's category, title, tags, date and section headings."""
    rng = random.Random(seed)
    used_slugs: set[str] = set()  # membership only; never iterated, so hash order cannot leak out
    categories = _assign_categories(vocabulary.categories, count, rng)
    return [_plan_topic(vocabulary, templates, i, c, rng, used_slugs) for i, c in enumerate(categories)]
