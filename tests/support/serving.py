"""A real ``kb serve`` process on a free port: started, waited for, stopped (or killed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.docs import article_text
from tests.support.drafts import draft_text

__all__ = ["ServeProcess", "start_serve", "write_served_docs"]


@dataclass
class ServeProcess:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def call(self, method: str, path: str, cookies: dict[str, str] | None = None, **kwargs: object) -> httpx.Response:
        # A new connection per call: with several workers, the kernel hands it to any of them.
        with httpx.Client(base_url=self.url, timeout=30, follow_redirects=False, cookies=cookies) as client:
            return client.request(method, path, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """``kill -9``: no chance to finish anything."""
        self.process.kill()
        self.process.wait()


def start_serve(
    docs: Path, data_dir: Path, port: int, env: dict[str, str], workers: int = 1, timeout: float = 120
) -> ServeProcess:
    """``kb serve --docs docs --port port`` with ``KB_DATA_DIR=data_dir`` (plus ``env``), answering."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"{data_dir.name}-serve.log"
    command = [sys.executable, "-m", "kb.cli", "serve", "--docs", str(docs), "--port", str(port)]
    command += ["--workers", str(workers)]
    environ = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_SITE_DIR": str(data_dir / "built-site"), **env}
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=data_dir.parent, env=environ, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"kb serve exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return ServeProcess(url, data_dir, process, log)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"kb serve did not answer within {timeout:.0f} s: {log.read_text(errors='replace')}")
        time.sleep(0.2)


def write_served_docs(docs: Path) -> None:
    """A small help centre for a served kb: two articles in two categories and one draft."""
    for category, slug, title, summary in (
        ("billing", "export-invoices", "Export invoices", "Export invoices as CSV from the Billing page."),
        ("account", "reset-password", "Reset your password", "Use the Forgot password link to reset it."),
    ):
        (docs / category).mkdir(parents=True, exist_ok=True)
        (docs / category / f"{slug}.md").write_text(article_text(title=title, summary=summary), encoding="utf-8")
    (docs / "_drafts").mkdir()
    (docs / "_drafts" / "label-printer.md").write_text(draft_text(), encoding="utf-8")
