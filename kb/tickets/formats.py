"""The JSON ticket shapes: Zendesk and Freshdesk exports, and kb's own simple webhook shape.

Each ``*_ticket`` function turns one raw record into a :class:`~kb.tickets.model.Ticket` or raises
:class:`~kb.tickets.fields.RecordProblem` naming the field; :func:`read_json_export` reads a whole file
into raw records and decides its shape from the content.

Zendesk: ``{"tickets": [...], "users": [...]}``; a ticket has ``comments`` (``public``, ``author_id``,
``body``/``plain_body``/``html_body``) or only a ``description``; the requester is a ``requester``
object or a ``requester_id`` into ``users``. A comment is the customer's when its author is the
requester or a user whose role is "end-user", an agent's when another known author wrote it; when
nothing says who wrote it, the first comment is the customer's (Zendesk's first comment is the
description) and later ones are agents'.

Freshdesk: a JSON array or JSONL; numeric status 2 open, 3 pending, 4 resolved, 5 closed;
``description_text``/``description`` and ``conversations`` (``incoming`` = from the customer,
``private`` = an internal note, ``body_text``/``body``).

A missing ``public``/``private`` flag means public: both systems always write it, and treating
every reply as private would leave hand-made exports with no solution at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kb.errors import InputError
from kb.tickets.fields import (
    ParseContext,
    RecordProblem,
    as_object,
    body_text,
    describe,
    flag,
    id_value,
    record_id,
    tag_list,
    text_field,
    timestamp,
)
from kb.tickets.model import Message, RecordError, Role, Source, Ticket, TicketFormat, normalise_status

__all__ = [
    "FRESHDESK_STATUSES",
    "JsonExport",
    "freshdesk_ticket",
    "kb_ticket",
    "read_json_export",
    "record_shape",
    "users_by_id",
    "zendesk_ticket",
]

Shape = Literal["zendesk", "freshdesk", "kb"]
Users = Mapping[str, Mapping[str, object]]

FRESHDESK_STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}
_FRESHDESK_KEYS = frozenset({"conversations", "description_text", "responder_id", "fr_due_by", "due_by"})
_ZENDESK_KEYS = frozenset({"comments", "raw_subject", "via", "submitter_id", "assignee_id", "description"})
_CUSTOMER_ROLES = frozenset({"end-user", "end_user", "enduser", "customer", "requester", "contact"})
_EXPORT_HINT = (
    'export again: Zendesk exports are {"tickets": [...]}, Freshdesk exports a JSON array or one '
    "ticket per line (JSONL)"
)


@dataclass(frozen=True)
class JsonExport:
    """A JSON export read into raw records, each with its position ("#3", "line 7").

    A JSONL line that is not JSON stands in ``records`` as its ``RecordError``, in file order.
    """

    export_format: TicketFormat
    records: list[tuple[str, object]]
    users: Users = field(default_factory=dict)


def record_shape(obj: Mapping[str, object]) -> Shape | None:
    """Which system a single ticket object looks like it came from, by its keys and status type."""
    if "messages" in obj:
        return "kb"
    status = obj.get("status")
    if (isinstance(status, int) and not isinstance(status, bool)) or _FRESHDESK_KEYS & obj.keys():
        return "freshdesk"
    if _ZENDESK_KEYS & obj.keys():
        return "zendesk"
    return None


def _majority_shape(records: list[object], default: TicketFormat) -> TicketFormat:
    votes = {"zendesk": 0, "freshdesk": 0}
    for raw in records[:20]:
        shape = record_shape(raw) if isinstance(raw, Mapping) else None
        if shape in votes:
            votes[shape] += 1
    if votes["zendesk"] == votes["freshdesk"]:
        return default
    return "zendesk" if votes["zendesk"] > votes["freshdesk"] else "freshdesk"


def users_by_id(value: object) -> dict[str, Mapping[str, object]]:
    """Zendesk's side-loaded ``users`` list as id → user; entries without an id are ignored."""
    users: dict[str, Mapping[str, object]] = {}
    if isinstance(value, list):
        for user in value:
            if isinstance(user, Mapping) and (uid := id_value(user.get("id"))) is not None:
                users[uid] = user
    return users


def _looks_like_jsonl(text: str, error: json.JSONDecodeError) -> bool:
    if not text.lstrip().startswith("{"):
        return False
    if error.msg == "Extra data":  # a first object parsed and more followed: the JSONL signature
        return True
    lines = [line for line in text.split("\n") if line.strip()][:10]
    return len(lines) > 1 and 2 * sum(_is_object_line(line) for line in lines) >= len(lines)


def _is_object_line(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _read_jsonl(text: str) -> list[tuple[str, object]]:
    records: list[tuple[str, object]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            records.append((position, json.loads(line)))
        except json.JSONDecodeError as exc:
            message = (
                f"ticket at {position}: not valid JSON: {exc.msg} (column {exc.colno}) — "
                "fix or remove that line; the other lines were imported"
            )
            records.append((position, RecordError(record=position, field="line", message=message)))
        except RecursionError:
            message = f"ticket at {position}: JSON nested too deeply — remove that line"
            records.append((position, RecordError(record=position, field="line", message=message)))
    return records


def read_json_export(text: str, filename: str, export_format: TicketFormat | None = None) -> JsonExport:
    """Read a JSON or JSONL export into raw records; raise ``InputError`` for a malformed file."""
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_like_jsonl(text, exc):
            records = _read_jsonl(text)
            raws = [raw for _, raw in records if not isinstance(raw, RecordError)]
            return JsonExport(export_format or _majority_shape(raws, "freshdesk"), records)
        raise InputError(
            f"{filename}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", _EXPORT_HINT
        ) from None
    except RecursionError:
        raise InputError(f"{filename}: JSON nested too deeply to be a ticket export", _EXPORT_HINT) from None

    if isinstance(document, list):
        records = [(f"#{n}", raw) for n, raw in enumerate(document, 1)]
        return JsonExport(export_format or _majority_shape(document, "freshdesk"), records)
    if not isinstance(document, Mapping):
        what = describe(document)
        raise InputError(f"{filename}: not a known ticket export: the JSON is {what}", _EXPORT_HINT)
    users = users_by_id(document.get("users"))
    if "tickets" in document:
        tickets = document["tickets"]
        if not isinstance(tickets, list):
            raise InputError(f"{filename}: 'tickets' must be a list, got {describe(tickets)}", _EXPORT_HINT)
        records = [(f"#{n}", raw) for n, raw in enumerate(tickets, 1)]
        return JsonExport(export_format or _majority_shape(tickets, "zendesk"), records, users)
    single = document.get("ticket", document)  # one ticket, as Zendesk's API returns it, or bare
    if isinstance(single, Mapping) and record_shape(single) in ("zendesk", "freshdesk"):
        shape = export_format or ("freshdesk" if record_shape(single) == "freshdesk" else "zendesk")
        return JsonExport(shape, [("#1", single)], users)
    keys = ", ".join(sorted(str(key) for key in document)[:8])
    raise InputError(
        f"{filename}: not a known ticket export: a JSON object without a 'tickets' list (keys: {keys})",
        _EXPORT_HINT,
    )


def _requester(obj: Mapping[str, object], users: Users, requester_id: str | None) -> tuple[str, str]:
    requester = obj.get("requester")
    if isinstance(requester, Mapping):
        name = text_field(requester, "name", field="requester.name")
        return name, text_field(requester, "email", field="requester.email")
    if requester is not None:
        raise RecordProblem("requester", f"must be an object with name and email, got {describe(requester)}")
    user = users.get(requester_id) if requester_id else None
    if user is not None:
        return text_field(user, "name", field="users.name"), text_field(user, "email", field="users.email")
    return text_field(obj, "name", field="name"), text_field(obj, "email", field="email")


def _embedded_id(value: object) -> str | None:
    return id_value(value.get("id")) if isinstance(value, Mapping) else None


def _subject(obj: Mapping[str, object], *alternatives: str) -> str:
    for key in ("subject", *alternatives):
        if subject := text_field(obj, key, field="subject"):
            return subject
    raise RecordProblem("subject", "is empty" if isinstance(obj.get("subject"), str) else "is missing")


def _first_body(
    obj: Mapping[str, object], keys: tuple[tuple[str, bool], ...], prefix: str, ctx: ParseContext, where: str
) -> str:
    """The first non-empty body among ``keys`` (name, is_html), plain fields first because they cost
    no conversion."""
    for key, is_html in keys:
        if text := body_text(obj.get(key), f"{prefix}{key}", is_html=is_html, ctx=ctx, where=where):
            return text
    return ""


def _zendesk_author(
    comment: Mapping[str, object], position: int, requester: tuple[str | None, str], users: Users
) -> tuple[Role, str]:
    requester_id, requester_name = requester
    author_id = id_value(comment.get("author_id"))
    if author_id is not None and author_id == requester_id:
        return "customer", requester_name
    user = users.get(author_id) if author_id else None
    author = comment.get("author")
    if user is None and isinstance(author, Mapping):
        user = author
    name = user.get("name") if user else None
    name = name.strip() if isinstance(name, str) else ""
    role = user.get("role") if user else None
    if isinstance(role, str):
        return ("customer" if role.strip().lower() in _CUSTOMER_ROLES else "agent"), name
    if author_id is not None and requester_id is not None:
        return "agent", name
    # Nothing says who wrote it: Zendesk's first comment is the requester's description.
    return ("customer", requester_name) if position == 1 else ("agent", name)


def zendesk_ticket(
    raw: object, users: Users, ctx: ParseContext, where: str, source: Source = "zendesk"
) -> Ticket:
    obj = as_object(raw)
    ticket_id = record_id(obj)
    subject = _subject(obj, "raw_subject")
    status = normalise_status(text_field(obj, "status"))
    tags = tag_list(obj.get("tags"))
    requester_id = id_value(obj.get("requester_id")) or _embedded_id(obj.get("requester"))
    requester_name, requester_email = _requester(obj, users, requester_id)
    created = timestamp(obj.get("created_at"), "created_at", ctx, where)
    messages: list[Message] = []
    comments = obj.get("comments")
    if comments is None:
        text = _first_body(obj, (("description", False),), "", ctx, where)
        if text:
            messages.append(Message("customer", requester_name, text, True, created))
    elif not isinstance(comments, list):
        raise RecordProblem("comments", f"must be a list of comments, got {describe(comments)}")
    else:
        keys = (("body", False), ("plain_body", False), ("html_body", True))
        for n, item in enumerate(comments, 1):
            comment = as_object(item, f"comments[{n}]")
            text = _first_body(comment, keys, f"comments[{n}].", ctx, where)
            if not text:
                continue  # attachment-only or empty comments carry nothing to draft from
            role, name = _zendesk_author(comment, n, (requester_id, requester_name), users)
            public = flag(comment.get("public"), f"comments[{n}].public", default=True)
            when = timestamp(comment.get("created_at"), f"comments[{n}].created_at", ctx, where)
            messages.append(Message(role, name, text, public, when))
    return Ticket(
        id=ticket_id,
        subject=subject,
        status=status,
        tags=tags,
        messages=tuple(messages),
        requester_name=requester_name,
        requester_email=requester_email,
        created=created,
        updated=timestamp(obj.get("updated_at"), "updated_at", ctx, where),
        source=source,
    )


def _freshdesk_status(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return FRESHDESK_STATUSES.get(value, str(value))
    if isinstance(value, str):
        return normalise_status(value)
    raise RecordProblem("status", f"must be a number (2-5) or text, got {describe(value)}")


def freshdesk_ticket(raw: object, ctx: ParseContext, where: str, source: Source = "freshdesk") -> Ticket:
    obj = as_object(raw)
    ticket_id = record_id(obj)
    subject = _subject(obj)
    status = _freshdesk_status(obj.get("status"))
    tags = tag_list(obj.get("tags"))
    requester_id = id_value(obj.get("requester_id")) or _embedded_id(obj.get("requester"))
    requester_name, requester_email = _requester(obj, {}, requester_id)
    created = timestamp(obj.get("created_at"), "created_at", ctx, where)
    messages: list[Message] = []
    description = _first_body(obj, (("description_text", False), ("description", True)), "", ctx, where)
    if description:
        messages.append(Message("customer", requester_name, description, True, created))
    conversations = obj.get("conversations")
    if conversations is not None and not isinstance(conversations, list):
        raise RecordProblem("conversations", f"must be a list, got {describe(conversations)}")
    for n, item in enumerate(conversations or [], 1):
        reply = as_object(item, f"conversations[{n}]")
        prefix = f"conversations[{n}]."
        text = _first_body(reply, (("body_text", False), ("body", True)), prefix, ctx, where)
        if not text:
            continue
        user_id = id_value(reply.get("user_id"))
        from_customer = flag(reply.get("incoming"), f"{prefix}incoming", default=False) or (
            user_id is not None and user_id == requester_id
        )
        private = flag(reply.get("private"), f"{prefix}private", default=False)
        when = timestamp(reply.get("created_at"), f"{prefix}created_at", ctx, where)
        role: Role = "customer" if from_customer else "agent"
        messages.append(Message(role, requester_name if from_customer else "", text, not private, when))
    return Ticket(
        id=ticket_id,
        subject=subject,
        status=status,
        tags=tags,
        messages=tuple(messages),
        requester_name=requester_name,
        requester_email=requester_email,
        created=created,
        updated=timestamp(obj.get("updated_at"), "updated_at", ctx, where),
        source=source,
    )


def kb_ticket(raw: object, ctx: ParseContext, where: str, source: Source = "webhook") -> Ticket:
    """kb's own shape: ``{"id", "subject", "status", "tags", "requester": {"name", "email"},
    "messages": [{"role", "body", "public", "author"?, "created"?}], "created"?, "updated"?}``."""
    obj = as_object(raw)
    ticket_id = record_id(obj)
    subject = _subject(obj)
    requester_name, requester_email = _requester(obj, {}, None)
    items = obj.get("messages")
    if not isinstance(items, list):
        raise RecordProblem("messages", f"must be a list of messages, got {describe(items)}")
    messages: list[Message] = []
    for n, item in enumerate(items, 1):
        entry = as_object(item, f"messages[{n}]")
        role = text_field(entry, "role", required=True, field=f"messages[{n}].role").lower()
        if role not in ("customer", "agent"):
            raise RecordProblem(f"messages[{n}].role", f"must be 'customer' or 'agent', got {role!r}")
        if not isinstance(entry.get("body"), str):
            raise RecordProblem(f"messages[{n}].body", f"must be text, got {describe(entry.get('body'))}")
        text = body_text(entry.get("body"), f"messages[{n}].body", is_html=False, ctx=ctx, where=where)
        if not text:
            continue
        name = text_field(entry, "author", field=f"messages[{n}].author")
        if role == "customer":
            name = name or requester_name
        public = flag(entry.get("public"), f"messages[{n}].public", default=True)
        when = timestamp(entry.get("created"), f"messages[{n}].created", ctx, where)
        messages.append(Message("customer" if role == "customer" else "agent", name, text, public, when))
    return Ticket(
        id=ticket_id,
        subject=subject,
        status=normalise_status(text_field(obj, "status")),
        tags=tag_list(obj.get("tags")),
        messages=tuple(messages),
        requester_name=requester_name,
        requester_email=requester_email,
        created=timestamp(obj.get("created"), "created", ctx, where),
        updated=timestamp(obj.get("updated"), "updated", ctx, where),
        source=source,
    )
