"""Settings: ``[tool.kb]`` in pyproject.toml, overridden by ``KB_*`` environment variables.

Every value is validated once, and every problem is reported together in one ``ConfigError``,
the way MkDocs validates its own config. Relative paths in pyproject.toml are relative to the
folder holding it; relative paths from the environment or the command line to the working dir.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kb.errors import ConfigError

__all__ = ["Settings", "load_settings", "settings_from_json", "settings_to_json"]

_PATH_FIELDS = ("docs_dir", "site_dir", "data_dir")


@dataclass(frozen=True)
class Settings:
    """kb's validated settings. Build one with :func:`load_settings`."""

    docs_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    data_dir: Path = Path(".kb")
    mkdocs_config: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    site_name: str = "Help Centre"
    site_url: str = "/"
    support_url: str = "mailto:support@example.com"
    agent_token: str = ""
    webhook_token: str = ""
    answer_threshold: float = 0.35
    # An ingested ticket whose subject kb would answer at least this confidently from a published
    # section becomes an update proposal for that section instead of a new draft.
    duplicate_threshold: float = 0.7
    # How much the meaning of a question (sentence embeddings) counts against its words (BM25F)
    # when kb orders the best candidate sections; 0 turns embeddings off (no model is loaded).
    semantic_weight: float = 0.8
    # Region for phone numbers written without a country code (redaction), e.g. US, GB, DE.
    phone_region: str = "US"
    # Regions whose national phone formats redaction finds without a country code ("612 34 56 78"
    # with ES). Empty: just phone_region (see ``redaction_regions``). Env: comma-separated.
    redact_phone_regions: tuple[str, ...] = ()
    max_query_chars: int = 500
    max_body_bytes: int = 1_000_000
    log_retention_days: int = 180
    # Searches and answers one client address may ask per minute, in each server worker (0: no limit).
    queries_per_minute: int = 120
    # Raw search-log rows kept; the gap queue's per-day counts keep older ones until log_retention_days.
    max_logged_searches: int = 1_000_000
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the real client. Env: comma-separated.
    trusted_proxies: tuple[str, ...] = ()
    # Other sites whose pages may call /api/answer, /api/suggest and /api/feedback (the embeddable
    # Ask box), as origins like https://partner.example. Env: comma-separated.
    cors_origins: tuple[str, ...] = ()
    # Sign agents in from a header a trusted proxy sets after its own login, e.g. X-Forwarded-User
    # (oauth2-proxy) or X-Remote-User: the value must name an enabled agent. Only requests straight
    # from trusted_proxies are believed. Empty: agents sign in with their token or password.
    agent_user_header: str = ""
    # PostgreSQL for the operational state shared by several replicas, e.g.
    # postgresql://kb:secret@db.internal/kb (then run `kb db upgrade` once). Empty: SQLite in the data dir.
    database_url: str = ""
    # Notifications of new drafts, proposals and content gaps: a webhook (JSON POST) and/or email
    # through an SMTP server; "each" sends one message per event, "daily" one digest a day.
    notify_webhook: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    notify_emails: tuple[str, ...] = ()
    notify_from: str = "kb@localhost"
    notify_digest: str = "each"
    csv_columns: Mapping[str, str] = field(default_factory=dict)
    redact_patterns: Mapping[str, str] = field(default_factory=dict)

    @property
    def redaction_regions(self) -> tuple[str, ...]:
        """The phone regions redaction uses: ``redact_phone_regions``, or else ``phone_region``."""
        return self.redact_phone_regions or (self.phone_region,)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def vectors_path(self) -> Path:
        """The sections' embeddings, by text (kb/semantic/cache.py)."""
        return self.data_dir / "vectors.sqlite3"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "kb.sqlite3"

    @property
    def database(self) -> str:
        """The operational database's URL: ``database_url``, or SQLite in the data dir."""
        return self.database_url or f"sqlite:///{self.db_path}"

    def with_paths(
        self, docs_dir: Path | None = None, site_dir: Path | None = None, data_dir: Path | None = None
    ) -> Settings:
        """A copy with the given folders replaced (the CLI's ``--docs``, ``--site``, ``--data``)."""
        changes: dict[str, Any] = {}
        for name, value in (("docs_dir", docs_dir), ("site_dir", site_dir), ("data_dir", data_dir)):
            if value is not None:
                changes[name] = value.resolve()
        return dataclasses.replace(self, **changes)


def _find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _read_tool_table(pyproject: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot be read: {exc}", "fix the TOML syntax") from exc
    table = data.get("tool", {}).get("kb", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.kb] must be a table", "write it as [tool.kb] with key = value")
    return table


def _env_values(environ: Mapping[str, str]) -> dict[str, str]:
    names = {f.name for f in dataclasses.fields(Settings)}
    values: dict[str, str] = {}
    for key, value in environ.items():
        if key.startswith("KB_") and key[3:].lower() in names:
            values[key[3:].lower()] = value
    return values


#: A shorter agent or webhook token is refused: it could be guessed.
MIN_TOKEN_CHARS = 24


def _coerce(name: str, raw: object, base: Path, source: str, problems: list[str]) -> object:
    """Turn one raw value into the field's type, or record why it cannot be."""
    default = getattr(Settings(), name)
    where = f"{source}: '{name}'"
    if name in _PATH_FIELDS or name == "mkdocs_config":
        if not isinstance(raw, str) or not raw.strip():
            problems.append(f"{where} must be a non-empty path string, got {raw!r}")
            return default
        path = Path(raw).expanduser()
        return path if path.is_absolute() else (base / path)
    if isinstance(default, bool):
        raise AssertionError("no boolean settings yet")
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            value = int(str(raw))
        except ValueError:
            problems.append(f"{where} must be a whole number, got {raw!r}")
            return default
        if value < 0 or (name == "port" and not 0 < value < 65536):
            problems.append(f"{where} is out of range: {value}")
            return default
        return value
    if isinstance(default, float):
        try:
            number = float(str(raw))
        except ValueError:
            problems.append(f"{where} must be a number between 0 and 1, got {raw!r}")
            return default
        if not 0.0 <= number <= 1.0:
            problems.append(f"{where} must be between 0 and 1, got {number}")
            return default
        return number
    if name == "redact_phone_regions":
        return _coerce_regions(raw, where, problems)
    if name == "trusted_proxies":
        return _coerce_networks(raw, where, problems)
    if name == "cors_origins":
        return _coerce_origins(raw, where, problems)
    if name == "notify_emails":
        return _coerce_emails(raw, where, problems)
    if isinstance(default, Mapping):
        if not isinstance(raw, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
            problems.append(f"{where} must be a table of strings (set it in pyproject.toml)")
            return default
        return dict(raw)
    if not isinstance(raw, str):
        problems.append(f"{where} must be a string, got {raw!r}")
        return default
    if name in ("agent_token", "webhook_token") and raw and len(raw.strip()) < MIN_TOKEN_CHARS:
        problems.append(
            f"{where} is {len(raw.strip())} characters; use at least {MIN_TOKEN_CHARS} random ones, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
        return default
    if name == "database_url" and raw and not raw.startswith(("postgresql://", "postgres://", "postgresql+", "sqlite:///")):
        problems.append(f"{where} must be a postgresql://user:password@host/dbname URL (or empty for SQLite)")
    if name == "notify_digest" and raw not in ("each", "daily"):
        problems.append(f'{where} must be "each" (a message per new item) or "daily" (one digest a day), got {raw!r}')
        return default
    if name == "notify_webhook" and raw and (urlsplit(raw).scheme not in ("http", "https") or not urlsplit(raw).netloc):
        problems.append(f"{where} must be an http(s) URL like https://hooks.example.com/kb, got {raw!r}")
        return default
    if name == "phone_region":
        import phonenumbers  # only needed to validate this one setting

        if raw.upper() not in phonenumbers.SUPPORTED_REGIONS:
            problems.append(f"{where} must be a two-letter region code like US, GB or DE, got {raw!r}")
            return default
        return raw.upper()
    return raw


def _coerce_regions(raw: object, where: str, problems: list[str]) -> tuple[str, ...]:
    """A list of region codes (TOML) or one comma-separated string (environment)."""
    import phonenumbers  # only needed to validate the region settings

    items: list[object] = (
        list(raw.split(",")) if isinstance(raw, str) else list(raw) if isinstance(raw, list) else [raw]
    )
    if any(not isinstance(item, str) for item in items):
        problems.append(f'{where} must be a list of region codes like ["US", "ES"], got {raw!r}')
        return ()
    codes = [str(item).strip().upper() for item in items if str(item).strip()]
    bad = [code for code in codes if code not in phonenumbers.SUPPORTED_REGIONS]
    if bad:
        problems.append(
            f"{where} has unknown region code(s) {', '.join(bad)}: use two-letter ISO codes like US, GB, DE, ES"
        )
        return ()
    return tuple(dict.fromkeys(codes))


def _coerce_origins(raw: object, where: str, problems: list[str]) -> tuple[str, ...]:
    """Web origins (``https://partner.example``, ``http://localhost:3000``), as a TOML list or one
    comma-separated string: a scheme, a host and an optional port, nothing else."""
    items: list[object] = (
        list(raw.split(",")) if isinstance(raw, str) else list(raw) if isinstance(raw, list) else [raw]
    )
    origins: list[str] = []
    for item in items:
        text = item.strip() if isinstance(item, str) else ""
        if isinstance(item, str) and not text:
            continue
        parts = urlsplit(text)
        try:
            port_ok = parts.port is None or 0 < parts.port < 65536
        except ValueError:
            port_ok = False
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
                or parts.query or parts.fragment or parts.username or not port_ok:  # fmt: skip
            problems.append(
                f'{where} must list origins like ["https://partner.example"] (scheme, host, optional port), '
                f"got {item!r}"
            )
            return ()
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(dict.fromkeys(origins))


def _coerce_emails(raw: object, where: str, problems: list[str]) -> tuple[str, ...]:
    """Email addresses, as a TOML list or one comma-separated string."""
    items: list[object] = (
        list(raw.split(",")) if isinstance(raw, str) else list(raw) if isinstance(raw, list) else [raw]
    )
    addresses = [item.strip() for item in items if isinstance(item, str) and item.strip()]
    bad = [item for item in items if not isinstance(item, str)]
    bad += [a for a in addresses if a.count("@") != 1 or " " in a or a.startswith("@") or a.endswith("@")]
    if bad:
        problems.append(f'{where} must list email addresses like ["support-leads@example.com"], got {bad[0]!r}')
        return ()
    return tuple(dict.fromkeys(addresses))


def _coerce_networks(raw: object, where: str, problems: list[str]) -> tuple[str, ...]:
    """Addresses or networks (``10.0.0.0/8``), as a TOML list or one comma-separated string."""
    items: list[object] = (
        list(raw.split(",")) if isinstance(raw, str) else list(raw) if isinstance(raw, list) else [raw]
    )
    networks: list[str] = []
    for item in items:
        text = str(item).strip() if isinstance(item, str) else None
        if text == "":
            continue
        try:
            networks.append(str(ipaddress.ip_network(text or "", strict=False)))
        except ValueError:
            problems.append(
                f'{where} must list IP addresses or networks like ["127.0.0.1", "10.0.0.0/8"], got {item!r}'
            )
            return ()
    return tuple(dict.fromkeys(networks))


def load_settings(project_dir: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read pyproject.toml (searched upwards from ``project_dir``) and ``KB_*`` variables.

    Raises ``ConfigError`` listing every invalid value at once.
    """
    start = (project_dir or Path.cwd()).resolve()
    environ = os.environ if environ is None else environ
    pyproject = _find_pyproject(start)
    base = pyproject.parent if pyproject else start
    known = {f.name for f in dataclasses.fields(Settings)}
    problems: list[str] = []
    values: dict[str, object] = {}

    table = _read_tool_table(pyproject) if pyproject else {}
    for key, raw in table.items():
        if key not in known:
            problems.append(f"{pyproject}: [tool.kb] has unknown key '{key}' (known: {', '.join(sorted(known))})")
            continue
        values[key] = _coerce(key, raw, base, f"{pyproject} [tool.kb]", problems)
    for key, raw in _env_values(environ).items():
        values[key] = _coerce(key, raw, Path.cwd(), f"environment variable KB_{key.upper()}", problems)
    for name in _PATH_FIELDS:
        values.setdefault(name, base / getattr(Settings(), name))
    if "mkdocs_config" not in values and (base / "mkdocs.yml").is_file():
        values["mkdocs_config"] = base / "mkdocs.yml"

    if problems:
        raise ConfigError(
            "invalid settings:\n  " + "\n  ".join(problems),
            "fix the values in [tool.kb] of pyproject.toml or the KB_* environment variables",
        )
    settings = Settings(**values)  # type: ignore[arg-type]
    return settings.with_paths(settings.docs_dir, settings.site_dir, settings.data_dir)


def settings_to_json(settings: Settings) -> str:
    """Settings as JSON, for handing them to another process (``kb serve --workers``)."""
    values = {}
    for item in dataclasses.fields(settings):
        value = getattr(settings, item.name)
        values[item.name] = str(value) if isinstance(value, Path) else value
    return json.dumps(values, default=dict)


def settings_from_json(text: str) -> Settings:
    """The settings :func:`settings_to_json` wrote, exactly."""
    values: dict[str, Any] = json.loads(text)
    for name in (*_PATH_FIELDS, "mkdocs_config"):
        if values.get(name) is not None:
            values[name] = Path(values[name])
    for name in ("redact_phone_regions", "trusted_proxies", "cors_origins", "notify_emails"):
        values[name] = tuple(values.get(name, ()))
    return Settings(**values)
