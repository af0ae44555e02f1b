"""The two actions that take a content gap out of the queue with an outcome.

:func:`gap_to_draft_stub`: no article covers it, so a draft stub is written with the question as
its title and the group's (redacted) wordings as its regression ``questions``.
:func:`link_gap_to_article`: an article covers it but search missed it, so the question joins the
article's ``search_terms`` and the index is updated. Both resolve the gap (:func:`resolve_gap`).
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path

import yaml

from kb.authoring import PLACEHOLDER_SUMMARY, slugify_title
from kb.config import Settings
from kb.content import DRAFTS_DIR, docs_path, edit_front_matter, is_published_path, load_article
from kb.errors import ConflictError, ContentError, InputError, NotFoundError
from kb.index import words_of
from kb.insight.gaps import GapGroup, resolve_gap
from kb.insight.searchlog import mask_personal
from kb.redact import redact_text
from kb.store import connect, write_new_file
from kb.team import record_change

__all__ = ["gap_to_draft_stub", "link_gap_to_article"]


def _require_question(group: GapGroup, action: str) -> None:
    if group.is_page:
        raise ConflictError(
            f"the gap {group.key!r} is votes on an existing article, not a question, so it cannot be {action}",
            "read its comments and rewrite the article, then dismiss the gap",
        )


def _clean(text: str, settings: Settings) -> str:
    region = settings.redaction_regions
    return mask_personal(redact_text(text, patterns=settings.redact_patterns, region=region).text)


def _title(question: str) -> str:
    """A heading-safe title from the question's words ("how do i export [email]?" → "How do I export email")."""
    words = ["I" if w == "i" else ("I'm" if w == "i'm" else w) for w in words_of(question)]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def gap_to_draft_stub(
    settings: Settings, group: GapGroup, *, today: dt.date | None = None, agent: str = ""
) -> Path:
    """Write ``docs/_drafts/<slug>.md`` for the gap and resolve it; return the draft's path.

    Title from the question, ``status: draft``, ``provenance: ["gap:<key>"]``, and the group's
    example queries (redacted) as the future article's regression ``questions``.
    """
    _require_question(group, "turned into a draft")
    question = _clean(group.question, settings)
    title = _title(question)
    name = slugify_title(title)
    if not title or not name:
        raise InputError(f"the question {group.question!r} has no words to make a title from", "dismiss the gap")
    drafts = (settings.docs_dir / DRAFTS_DIR).resolve()
    examples = list(dict.fromkeys(_clean(e, settings) for e in group.examples if e.strip()))
    front = {
        "title": title,
        "summary": PLACEHOLDER_SUMMARY,
        "status": "draft",
        "provenance": [f"gap:{group.key}"],
        "created": today or dt.date.today(),
        "questions": examples,
    }
    text = (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000) + "---\n"
        f"# {title}\n\n"
        "One or two sentences that expand the answer.\n\n"
        "## Steps\n\n1. First step.\n2. Second step.\n"
    )
    try:
        path = write_new_file(
            drafts,
            name,
            text,
            attempts=99,
            on_clash=lambda first: ConflictError(
                f"too many drafts named {first.stem}-N.md", "publish or remove some of them first"
            ),
        )
    except ValueError as exc:  # the slug is letters, digits and dashes; this is the belt to those braces
        raise InputError(f"draft name {name!r} leaves the drafts folder", "dismiss the gap") from exc
    with closing(connect(settings.database)) as db:
        resolve_gap(db, group, "draft", f"{DRAFTS_DIR}/{path.name}")
    record_change(settings, agent or "agent", "gap", f"{DRAFTS_DIR}/{path.name}", f"draft for gap {group.question!r}")
    return path


def _article_file(settings: Settings, article_path: str) -> Path:
    """The published article ``article_path`` names, confined to the docs dir."""
    docs = settings.docs_dir.resolve()
    try:
        rel = docs_path(docs, article_path)
    except InputError:
        rel = ""
    path = (docs / rel).resolve()
    if not is_published_path(rel) or not path.is_relative_to(docs):
        raise InputError(
            f"{article_path!r} is not a published article's path",
            "give the path in the docs dir, e.g. billing/export.md",
        )
    if not path.is_file():
        raise NotFoundError(f"no article {article_path!r} in {settings.docs_dir}", "check the path (see kb check)")
    return path


def link_gap_to_article(settings: Settings, group: GapGroup, article_path: str, agent: str = "") -> Path:
    """Add the gap's question to the article's ``search_terms`` and resolve the gap.

    The front matter is rewritten field by field and the body is kept byte for byte; the file
    is replaced atomically, and the search index (if built) is updated so the question finds
    the article straight away.
    """
    _require_question(group, "linked to an article")
    path = _article_file(settings, article_path)
    rel = path.relative_to(settings.docs_dir.resolve()).as_posix()
    article, problems = load_article(settings.docs_dir.resolve(), path)
    if article is None:
        raise ContentError(f"{rel}: cannot be read: {problems[0]}", "fix it (see kb check)")
    terms = article.meta.get("search_terms") or []
    if not isinstance(terms, list):
        raise ContentError(f"{rel}: search_terms is not a list", "write search_terms: [first, second]")
    question = _clean(group.question, settings)
    if question.casefold() not in {str(t).casefold() for t in terms}:
        edit_front_matter(path, {"search_terms": [*terms, question]})
        _update_index(settings, path)
    with closing(connect(settings.database)) as db:
        resolve_gap(db, group, "link", rel)
    record_change(settings, agent or "agent", "gap", rel, f"linked gap {group.question!r}")
    return path


def _update_index(settings: Settings, path: Path) -> None:
    """Re-index the changed article when an index exists (``kb index`` builds one otherwise)."""
    from kb.index import current_index_dir, update_articles  # whoosh only when needed

    if current_index_dir(settings) is None:
        return
    article, _ = load_article(settings.docs_dir.resolve(), path)
    if article is not None:
        update_articles(settings, [article])
