"""The admins' docs cover every setting, as Datasette's tests/test_docs.py does for its settings."""

from __future__ import annotations

import dataclasses
import re

from kb.config import Settings, load_settings
from tests.support.paths import BUNDLED_DOCS, ROOT

CONFIGURE = BUNDLED_DOCS / "admins" / "configure-kb.md"


def test_every_setting_is_in_the_settings_reference() -> None:
    text = CONFIGURE.read_text(encoding="utf-8")
    table = text.split("## Settings reference", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+)`", " ".join(line.split("|")[1] for line in table.splitlines()
                                                       if line.startswith("| `"))))  # fmt: skip
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert fields - documented == set(), "settings missing from docs/admins/configure-kb.md"
    assert documented - fields == set(), "documented settings that no longer exist"


def test_every_setting_can_come_from_its_environment_variable() -> None:
    """The docs promise KB_ plus the name in capitals for every setting (tables excepted)."""
    base = load_settings(ROOT, environ={})
    for field in dataclasses.fields(Settings):
        if field.name in ("csv_columns", "redact_patterns"):  # tables: pyproject.toml only, as documented
            continue
        value = {"port": "8123", "answer_threshold": "0.5", "duplicate_threshold": "0.6", "max_query_chars": "321",
                 "semantic_weight": "0.4",
                 "max_body_bytes": "12345", "log_retention_days": "9", "redact_phone_regions": "DE,ES",
                 "phone_region": "GB", "queries_per_minute": "30", "max_logged_searches": "5000",
                 "trusted_proxies": "10.0.0.0/8", "cors_origins": "https://partner.example",
                 "database_url": "postgresql://kb@db.internal/kb",
                 "notify_webhook": "https://hooks.example/kb", "smtp_port": "2525",
                 "notify_emails": "leads@example.com", "notify_digest": "daily",
                 }.get(field.name, "/tmp/kb-env-test" if "dir" in field.name or field.name ==
                 "mkdocs_config" else "x-value-that-is-long-enough-to-be-a-token-0123")  # fmt: skip
        loaded = load_settings(ROOT, environ={f"KB_{field.name.upper()}": value})
        assert getattr(loaded, field.name) != getattr(base, field.name), field.name
