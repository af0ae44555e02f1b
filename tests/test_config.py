"""Settings: [tool.kb] in pyproject.toml, KB_* variables on top, all errors reported together."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import load_settings, settings_from_json, settings_to_json
from kb.errors import ConfigError
from tests.support.paths import ROOT


def project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f"[project]\nname = 'x'\n\n[tool.kb]\n{table}\n", encoding="utf-8"
    )
    return tmp_path


def test_paths_are_relative_to_pyproject(tmp_path: Path) -> None:
    settings = load_settings(project(tmp_path, 'docs_dir = "content"\nport = 9000'), environ={})
    assert settings.docs_dir == tmp_path / "content"
    assert settings.site_dir == tmp_path / "site"
    assert settings.port == 9000


def test_environment_overrides_pyproject(tmp_path: Path) -> None:
    env = {
        "KB_DOCS_DIR": str(tmp_path / "elsewhere"),
        "KB_SITE_DIR": "/tmp/out",
        "KB_DATA_DIR": "/tmp/d",
        "KB_PORT": "8123",
        "KB_ANSWER_THRESHOLD": "0.5",
    }
    settings = load_settings(project(tmp_path, 'docs_dir = "content"'), environ=env)
    assert settings.docs_dir == tmp_path / "elsewhere"
    assert settings.site_dir == Path("/tmp/out")
    assert settings.data_dir == Path("/tmp/d")
    assert (settings.port, settings.answer_threshold) == (8123, 0.5)


def test_every_invalid_value_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            project(tmp_path, 'port = "x"\ncolour = "blue"'),
            environ={"KB_ANSWER_THRESHOLD": "2", "KB_PORT": "99999"},
        )
    text = str(caught.value)
    for part in (
        "'port' must be a whole number",
        "unknown key 'colour'",
        "'answer_threshold' must be between 0 and 1",
        "KB_PORT: 'port' is out of range",
    ):
        assert part in text
    assert "fix the values" in text


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: cannot be read"):
        load_settings(tmp_path, environ={})


def test_short_agent_and_webhook_tokens_are_refused_with_a_clear_error() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(ROOT, environ={"KB_AGENT_TOKEN": "letmein", "KB_WEBHOOK_TOKEN": "x" * 23})
    message = str(caught.value)
    assert "'agent_token' is 7 characters; use at least 24" in message
    assert "'webhook_token' is 23 characters" in message and "secrets.token_urlsafe" in message
    long = "k" * 24
    assert load_settings(ROOT, environ={"KB_AGENT_TOKEN": long}).agent_token == long


def test_settings_reach_a_server_worker_exactly_as_loaded(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kb]\ndocs_dir = "help"\nredact_phone_regions = ["ES", "US"]\n'
        'redact_patterns = { member_id = "MBR-[0-9]{6}" }\nanswer_threshold = 0.4\n',
        encoding="utf-8",
    )
    settings = load_settings(tmp_path, environ={"KB_PORT": "9001"})
    assert settings_from_json(settings_to_json(settings)) == settings
