"""End to end with the seeded Faker corpus: an export of 200+ tickets full of personal data goes
through ``kb ingest``; every draft passes ``kb check`` and no seeded value appears in any draft."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app
from kb.config import Settings, load_settings
from kb.drafting import ingest_file, list_drafts
from tests.support.paths import BUNDLED_DOCS, ROOT
from tests.support.pii import PATTERNS, _leaks, build_corpus

SUBJECTS = (
    "Invoice export stops at page {n}",
    "Sync error S{n} after the update",
    "Cannot open shared folder {n}",
    "Checkout page shows error C{n}",
)


def _export(path: Path) -> dict[str, int]:
    """The corpus as a Zendesk export; returns ticket id → corpus position."""
    tickets, positions = [], {}
    for position, item in enumerate(build_corpus()):
        customer, _, agent = item.text.partition("\n\n---\n\n")
        ticket_id = 7000 + position
        positions[str(ticket_id)] = position
        requester = item.names[0] if item.names else "Unknown Customer"
        tickets.append(
            {
                "id": ticket_id,
                "subject": SUBJECTS[position % len(SUBJECTS)].format(n=position),
                "status": "solved",
                "tags": ["new issue"],
                "requester": {"name": requester, "email": f"user{position}@example.org"},
                "comments": [
                    {"author_id": 1, "public": True, "body": customer},
                    {"author_id": 2, "public": True, "body": agent},
                ],
            }
        )
    path.write_text(json.dumps({"tickets": tickets}), encoding="utf-8")
    return positions


def test_no_seeded_personal_data_reaches_any_draft(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    settings: Settings = dataclasses.replace(
        load_settings(ROOT, environ={}).with_paths(docs, tmp_path / "site", tmp_path / "data"),
        redact_patterns=PATTERNS,
    )
    export = tmp_path / "export.json"
    positions = _export(export)
    assert len(positions) >= 200

    summary = ingest_file(settings, export)
    assert summary.ok and summary.count("skipped") == 0
    drafts = list_drafts(docs)
    assert len(drafts) >= 20
    corpus = build_corpus()
    leaks: list[str] = []
    for draft in drafts:
        text = draft.path.read_text(encoding="utf-8")
        for ticket_id in draft.provenance:
            item = corpus[positions[ticket_id]]
            leaks.extend(f"{draft.name} / ticket {ticket_id}: {leak}" for leak in _leaks(item, text))
            leaks.extend(f"{draft.name}: requester email" for _ in [1] if f"user{positions[ticket_id]}@" in text)
    assert leaks == [], "\n".join(leaks[:30])
    assert all(sum(d.redaction.values()) > 0 for d in drafts)

    check = CliRunner().invoke(app, ["check", "--docs", str(docs)])
    assert check.exit_code == 0, check.output


def test_no_identifier_password_key_or_national_phone_reaches_any_draft(tmp_path: Path) -> None:
    """The identifier corpus (four locales) through ``ingest_file`` with the locales' phone regions."""
    from tests.support.pii_ids import build_corpus as build_id_corpus
    from tests.support.pii_ids import leaks as id_leaks

    docs = tmp_path / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    settings: Settings = dataclasses.replace(
        load_settings(ROOT, environ={"KB_REDACT_PHONE_REGIONS": "US,DE,FR,ES"}).with_paths(
            docs, tmp_path / "site", tmp_path / "data"
        )
    )
    corpus = build_id_corpus()
    tickets = [
        {
            "id": 9000 + position,
            "subject": SUBJECTS[position % len(SUBJECTS)].format(n=position),
            "status": "solved",
            "tags": ["new issue"],
            "requester": {"name": "Alex Doe", "email": f"id{position}@example.org"},
            "comments": [
                {"author_id": 1, "public": True, "body": item.text},
                {"author_id": 2, "public": True, "body": "Thanks, we fixed it on our side."},
            ],
        }
        for position, item in enumerate(corpus)
    ]
    export = tmp_path / "ids.json"
    export.write_text(json.dumps({"tickets": tickets}), encoding="utf-8")

    summary = ingest_file(settings, export)
    assert summary.ok and summary.count("skipped") == 0
    found: list[str] = []
    for draft in list_drafts(docs):
        text = draft.path.read_text(encoding="utf-8")
        for ticket_id in draft.provenance:
            found.extend(f"{draft.name}: {leak}" for leak in id_leaks(corpus[int(ticket_id) - 9000], text))
    assert found == [], "\n".join(found[:30])
