"""The Markdown of the synthetic corpus: articles, category files and the home page.

Each article's prose comes from its own ``random.Random``, seeded from the corpus seed and the
article's index, so an article's text does not depend on how many articles come after it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Sequence

from gen_plan import PlannedSection, Topic, cap, slugify, topic_words
from gen_vocabulary import API_BASE, PRODUCT, Category, Templates, Vocabulary

HOME_PAGE = (
    "# Help Centre\n\n"
    f"Quick answers about {PRODUCT}, from signing in and billing to integrations, the mobile app "
    f"and the API.\n"
)
_YAML_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"})


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same string, else double-quoted."""
    plain = (
        re.fullmatch(r"[A-Za-z][^\n]*", text) is not None
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and text.lower() not in _YAML_RESERVED
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _words(text: str) -> int:
    return len(text.split())


def _article_values(vocabulary: Vocabulary, topic: Topic) -> dict[str, str]:
    group = topic.group
    words = topic_words(topic.category, topic.verb, topic.obj, topic.error, topic.symptom, topic.setting)
    error2 = next((e for e in group.errors if e != topic.error), topic.error)
    symptom2 = next((s for s in group.symptoms if s != topic.symptom), topic.symptom)
    setting2 = next((s for s in group.settings if s != topic.setting), topic.setting)
    other = next((o for o in group.objects if o != topic.obj), topic.obj)
    resource = slugify(topic.obj.plural).replace("-", "_")
    action = slugify(topic.verb.base).replace("-", "_")
    read_only = topic.verb.base in vocabulary.read_verbs
    words.update(
        ctx=topic.context,
        platform=topic.platform,
        code2=error2.code,
        meaning2=error2.meaning,
        cause2=symptom2.cause,
        sfix2=symptom2.fix,
        setting2=setting2.label,
        does2=setting2.does,
        other=other.plural,
        perm=f"{cap(topic.verb.base)} {topic.obj.plural}",
        scope=f"{resource}:{'read' if read_only else 'write'}",
        method="GET" if read_only else "POST",
        endpoint=f"/v2/{resource}" if read_only else f"/v2/{resource}/{action}",
        resource=resource,
        action=action,
    )
    return words


def _random_values(vocabulary: Vocabulary, base: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The article's numbers, drawn once so the summary and every section agree on them."""
    values = dict(base)
    values.update(
        n=f"{rng.choice((50, 100, 200, 250, 500, 1000)):,}",
        n2=f"{rng.choice((2000, 5000, 10000, 25000)):,}",
        mb=str(rng.choice((25, 50, 100, 250))),
        minutes=str(rng.choice((5, 10, 15, 30))),
        days=str(rng.choice((30, 60, 90))),
        tries=str(rng.choice((2, 3))),
        rate=str(rng.choice((120, 300, 600))),
        page=str(rng.choice((100, 200, 500))),
        version=f"{rng.randint(6, 9)}.{rng.randint(0, 12)}",
        shortcut=rng.choice("abdefhiklmnoprstuvwxyz"),
    )
    return _section_values(vocabulary, values, rng)


def _section_values(vocabulary: Vocabulary, base: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Details that may differ from one section to the next."""
    values = dict(base)
    values.update(
        role=rng.choice(vocabulary.roles[1:]),
        plan=rng.choice(vocabulary.plans),
        browser=rng.choice(vocabulary.browsers),
        integration=rng.choice(vocabulary.integrations),
    )
    return values


def _numbered(lines: Sequence[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def _web_steps(templates: Templates, values: dict[str, str], rng: random.Random) -> str:
    middle_steps = templates.web_middle_steps
    middle = sorted(rng.sample(middle_steps, rng.randint(1, 3)), key=middle_steps.index)
    steps = [rng.choice(templates.web_first_steps), *middle, rng.choice(templates.web_last_steps)]
    return _numbered([s.format_map(values) for s in steps])


def _mobile_steps(templates: Templates, values: dict[str, str], rng: random.Random) -> str:
    optional = templates.mobile_optional_steps
    steps = [step for step in templates.mobile_steps if step not in optional or rng.random() < 0.6]
    return _numbered([s.format_map(values) for s in steps])


def _hex_id(rng: random.Random, prefix: str) -> str:
    return f"{prefix}_{rng.getrandbits(32):08x}"


def _api_block(values: dict[str, str], rng: random.Random) -> str:
    url = f"{API_BASE}/{values['resource']}"
    prefix = values["resource"][:3]
    if values["method"] == "GET":
        query = f"?limit={values['page']}&updated_since=2025-01-01"
        if rng.random() < 0.5:
            return "\n".join(
                (
                    "```bash",
                    f'curl "{url}{query}" \\',
                    '  -H "Authorization: Bearer $FERNHILL_TOKEN"',
                    "```",
                )
            )
        return "\n".join(
            (
                "```python",
                "import os",
                "",
                "import requests",
                "",
                "response = requests.get(",
                f'    "{url}",',
                f'    params={{"limit": {values["page"]}, "updated_since": "2025-01-01"}},',
                '    headers={"Authorization": f"Bearer {os.environ[\'FERNHILL_TOKEN\']}"},',
                "    timeout=30,",
                ")",
                "response.raise_for_status()",
                "```",
            )
        )
    ids = json.dumps([_hex_id(rng, prefix), _hex_id(rng, prefix)])
    body = json.dumps({"ids": json.loads(ids), "notify": rng.random() < 0.5})
    return "\n".join(
        (
            "```bash",
            f"curl -X POST {url}/{values['action']} \\",
            '  -H "Authorization: Bearer $FERNHILL_TOKEN" \\',
            '  -H "Content-Type: application/json" \\',
            f"  -d '{body}'",
            "```",
        )
    )


def _error_block(values: dict[str, str], rng: random.Random) -> str:
    payload = {
        "error": {
            "code": values["code"],
            "message": cap(values["meaning"]),
            "request_id": _hex_id(rng, "req"),
        }
    }
    return "```json\n" + json.dumps(payload, indent=2) + "\n```"


def _settings_block(workspaces: Sequence[str], values: dict[str, str], rng: random.Random, value: str) -> str:
    area = slugify(values["area"]).replace("-", "_")
    workspace = rng.choice(workspaces)
    return "\n".join(
        (
            "```console",
            f"$ fernhill settings set {area}.{values['key']} {value}",
            f"Updated {area}.{values['key']} for workspace {workspace}",
            "```",
        )
    )


def _link_sentence(templates: Templates, topic: Topic, related: Topic, rng: random.Random) -> str:
    href = f"{related.slug}.md"
    if related.category.folder != topic.category.folder:
        href = f"../{related.category.folder}/{href}"
    if rng.random() < 0.5:
        section = rng.choice(related.sections)
        return rng.choice(templates.see_section).format(
            heading=section.heading, title=related.title, href=f"{href}#{section.anchor}"
        )
    return rng.choice(templates.see_also).format(title=related.title, href=href)


def _paragraphs(sentences: Sequence[str], rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    start = 0
    while start < len(sentences):
        size = rng.randint(2, 3)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return paragraphs


def _opening_and_structure(
    vocabulary: Vocabulary,
    templates: Templates,
    kind: str,
    topic: Topic,
    values: dict[str, str],
    pool: list[str],
    rng: random.Random,
) -> tuple[list[str], str]:
    """The first sentences of a section and its block: numbered steps, a code block or nothing."""
    # These four kinds open with fixed sentences (gen_vocabulary.FIXED_OPENINGS), the rest with openers.
    if kind == "api":
        opening = [f"Send an authenticated `{values['method']}` request to `{values['endpoint']}`:"]
        return opening, _api_block(values, rng)
    if kind == "error":
        opening = [f"{values['code']} means that {values['meaning']}.", pool.pop()]
        if rng.random() < 0.5:
            return [*opening, "The API returns it like this:"], _error_block(values, rng)
        return opening, ""
    if kind == "settings":
        opening = [f"The **{values['setting']}** setting {values['does']}.", pool.pop()]
        if rng.random() < 0.4:
            opening.append("With the `fernhill` command-line tool, set it like this:")
            return opening, _settings_block(vocabulary.workspaces, values, rng, topic.setting.value)
        return opening, ""
    if kind == "troubleshoot":
        opening = [f"Usually {values['cause']}, so {values['sfix']}.", pool.pop()]
        if rng.random() < 0.35:
            opening.append("Work through these checks in order:")
            return opening, _numbered([c.format_map(values) for c in rng.sample(templates.checks, 3)])
        return opening, ""
    opening = [rng.choice(templates.openers[kind]).format_map(values)]
    if kind == "steps":
        return opening, _web_steps(templates, values, rng)
    if kind == "mobile":
        return opening, _mobile_steps(templates, values, rng)
    return opening, ""


def _section_body(
    vocabulary: Vocabulary,
    templates: Templates,
    section: PlannedSection,
    topic: Topic,
    base: dict[str, str],
    rng: random.Random,
    facts: list[str],
    link: str | None,
) -> str:
    """About 60-150 words: an opening, the kind's block (steps, code), then more prose."""
    values = _section_values(vocabulary, base, rng)
    pool = [s.format_map(values) for s in templates.prose[section.kind]]
    rng.shuffle(pool)
    opening, structure = _opening_and_structure(vocabulary, templates, section.kind, topic, values, pool, rng)
    blocks = [" ".join(opening)]
    if structure:
        blocks.append(structure)
    target = rng.randint(55, 100) if structure.startswith("```") else rng.randint(65, 130)
    count = sum(_words(b) for b in blocks)
    rest: list[str] = []
    while count < target and pool:
        rest.append(pool.pop())
        count += _words(rest[-1])
    # At most one category fact per section: they are shared by every article of the category.
    if facts and (count < 60 or rng.random() < 0.3):
        rest.insert(rng.randint(0, len(rest)), facts.pop())
    if link is not None:
        rest.append(link)
    blocks.extend(_paragraphs(rest, rng))
    return "\n\n".join(blocks)


def _lead(templates: Templates, topic: Topic, values: dict[str, str], rng: random.Random, facts: list[str]) -> str:
    first = rng.choice(templates.leads.get(topic.kind, templates.leads["steps"])).format_map(values)
    if rng.random() < 0.5 or not facts:
        return first
    return f"{first} {facts.pop()}"


def _summary(templates: Templates, topic: Topic, values: dict[str, str], rng: random.Random) -> str:
    summaries = templates.summaries
    options = [s.format_map(values) for s in summaries.get(topic.kind, summaries["steps"])]
    fitting = [s for s in options if len(s) <= 200]
    if not fitting:
        return f"{cap(topic.verb.base)} {topic.obj.plural} from {values['menu']}."
    return rng.choice(fitting)


#: The share of articles with a repeated, empty heading (see render_article).
MESSY_SHARE = 0.03


def render_article(
    vocabulary: Vocabulary,
    templates: Templates,
    topic: Topic,
    siblings: Sequence[Topic],
    seed: int,
    seen: set[bytes] | None = None,
) -> str:
    """The Markdown file of one article.

    ``siblings`` (the articles of its category) are candidates for a cross-link. ``seen`` holds
    digests of the section texts written so far; a section that would repeat one is written again,
    so every section of the corpus is distinct.
    """
    seen = set() if seen is None else seen
    rng = random.Random(seed * 1_000_003 + topic.index + 1)
    base = _random_values(vocabulary, _article_values(vocabulary, topic), rng)
    facts = list(topic.category.facts)
    rng.shuffle(facts)
    related = rng.choice(siblings) if len(siblings) > 1 and rng.random() < 0.3 else None
    if related is topic:
        related = None
    link_at = rng.randrange(len(topic.sections)) if related is not None else -1
    parts = [
        "---",
        f"title: {yaml_scalar(topic.title)}",
        f"summary: {yaml_scalar(_summary(templates, topic, base, rng))}",
        f"tags: [{', '.join(topic.tags)}]",
        f"updated: {topic.updated.isoformat()}",
        "---",
        f"# {topic.title}",
        "",
        _lead(templates, topic, base, rng, facts),
    ]
    # As in real help centres written by many people, a few articles repeat their title as an
    # empty H2 heading (a repeated heading and an empty section at once). Its own random stream,
    # so every other article's bytes stay as they were.
    if random.Random(seed * 7_919 + topic.index).random() < MESSY_SHARE:
        parts += ["", f"## {topic.title}"]
    for position, section in enumerate(topic.sections):
        link = None
        if related is not None and position == link_at:
            link = _link_sentence(templates, topic, related, rng)
        for _ in range(20):
            body = _section_body(vocabulary, templates, section, topic, base, rng, facts, link)
            digest = hashlib.blake2b(body.encode("utf-8"), digest_size=16).digest()
            if digest not in seen:
                break
        seen.add(digest)
        parts += ["", f"## {section.heading}", "", body]
    return "\n".join(parts) + "\n"


def render_category(category: Category, order: int) -> str:
    return f"title: {yaml_scalar(category.title)}\ndescription: {yaml_scalar(category.description)}\norder: {order}\n"
