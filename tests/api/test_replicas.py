"""Two `kb serve` replicas on one PostgreSQL, as a load balancer would see them.

Each replica has its own data dir (index, site copy) and port; they share the docs folder and
the database. A session, a vote, a question and a publish made through one must hold on the
other, and a replica killed with ``kill -9`` during a publish must catch up when it starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.databases import POSTGRES_URL, fresh_postgres_database
from tests.support.drafts import draft_text
from tests.support.server import free_port
from tests.support.serving import ServeProcess, start_serve, write_served_docs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="KB_TEST_DATABASE_URL is not set (see .ci/postgres)"),
]

TOKEN = "agent-token-for-two-replicas-0123456789"


@dataclass
class Replicas:
    docs: Path
    env: dict[str, str]
    a: ServeProcess
    b: ServeProcess
    b_port: int

    def kb(self, replica: ServeProcess, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a kb command against ``replica``'s data dir."""
        environ = {**os.environ, **self.env, "KB_DATA_DIR": str(replica.data_dir)}
        return subprocess.run(
            [sys.executable, "-m", "kb.cli", *args], env=environ, capture_output=True, text=True, timeout=120
        )

    def restart_b(self) -> ServeProcess:
        self.b = start_serve(self.docs, self.b.data_dir, self.b_port, self.env)
        return self.b


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    base = tmp_path_factory.mktemp("replicas")
    docs = base / "docs"
    write_served_docs(docs)
    (docs / "_drafts" / "scanner-jam.md").write_text(
        draft_text(
            title="Clear a jammed document scanner",
            body="## Problem\n\nThe document scanner stops on a jammed page.\n\n"
            "## Solution\n\n1. Open the scanner lid.\n2. Pull the jammed page out.\n",
        ),
        encoding="utf-8",
    )
    with fresh_postgres_database() as url:
        env = {"KB_DATABASE_URL": url, "KB_AGENT_TOKEN": TOKEN}
        upgraded = subprocess.run(
            [sys.executable, "-m", "kb.cli", "db", "upgrade"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert upgraded.returncode == 0 and "schema upgraded" in upgraded.stdout, upgraded.stderr
        b_port = free_port()
        a = start_serve(docs, base / "a", free_port(), env)
        b = start_serve(docs, base / "b", b_port, env)
        group = Replicas(docs, env, a, b, b_port)
        try:
            yield group
        finally:
            group.a.stop()
            group.b.stop()


def wait_for(check: object, seconds: float) -> float:
    """Call ``check`` until it is true; how long that took (fails after ``seconds``)."""
    start = time.monotonic()
    while not check():  # type: ignore[operator]
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not true within {seconds} s")
        time.sleep(0.25)
    return time.monotonic() - start


def top_path(replica: ServeProcess, question: str) -> str:
    response = replica.call("GET", "/api/search", params={"q": question, "limit": "1"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    return str(results[0]["path"]) if results else ""


def test_a_session_signed_in_on_one_replica_holds_on_the_other(replicas: Replicas) -> None:
    signed_in = replicas.a.call(
        "POST", "/agent/sign-in", data={"token": TOKEN, "next": "/agent"}, headers={"Origin": replicas.a.url}
    )
    assert signed_in.status_code == 303
    cookie = {"kb_agent_session": signed_in.cookies["kb_agent_session"]}
    queue = replicas.b.call("GET", "/agent", cookies=cookie)
    assert queue.status_code == 200 and "Sign out" in queue.text


def test_a_vote_and_an_unanswered_question_on_a_show_in_bs_report_and_gaps(replicas: Replicas) -> None:
    vote = replicas.a.call(
        "POST", "/api/feedback", json={"page": "billing/export-invoices.md", "helpful": False, "comment": "stale"}
    )
    assert vote.status_code == 202
    asked = replicas.a.call("GET", "/api/answer", params={"q": "how do I teleport my warehouse to mars"})
    assert asked.status_code == 200 and asked.json()["answer"] is None

    def listed() -> bool:
        gaps = replicas.kb(replicas.b, "gaps", "--docs", str(replicas.docs))
        return gaps.returncode == 0 and "teleport my warehouse to mars" in gaps.stdout

    wait_for(listed, 10)  # the search log is written in batches
    report = replicas.kb(replicas.b, "report", "--days", "1", "--docs", str(replicas.docs))
    assert report.returncode == 0, report.stderr
    assert "billing/export-invoices.md" in report.stdout


def test_kb_publish_on_a_is_searchable_and_served_on_b(replicas: Replicas) -> None:
    assert "label-printer" not in top_path(replicas.b, "label printer blank labels")
    docs = str(replicas.docs)
    published = replicas.kb(replicas.a, "publish", "label-printer", "--category", "billing", "--docs", docs)
    assert published.returncode == 0, published.stderr
    path, url = published.stdout.split()[1], published.stdout.split()[3]  # published PATH at URL ...
    wait_for(lambda: top_path(replicas.b, "label printer blank labels") == path, 10)
    page = replicas.b.call("GET", url)
    assert page.status_code == 200 and "label printer" in page.text.lower()


def test_a_replica_killed_during_a_publish_catches_up_when_it_starts(replicas: Replicas) -> None:
    command = ["publish", "scanner-jam", "--category", "billing", "--docs", str(replicas.docs)]
    publishing = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", *command],
        env={**os.environ, **replicas.env, "KB_DATA_DIR": str(replicas.a.data_dir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    replicas.b.kill()
    output, errors = publishing.communicate(timeout=120)
    assert publishing.returncode == 0, errors
    path, url = output.decode().split()[1], output.decode().split()[3]
    restarted = replicas.restart_b()
    wait_for(lambda: top_path(restarted, "jammed document scanner") == path, 10)
    assert restarted.call("GET", url).status_code == 200
    # and it keeps following: a publish through A's API after the restart reaches it too
    (replicas.docs / "_drafts" / "late.md").write_text(
        draft_text(
            title="Pair a bluetooth barcode reader",
            body="## Problem\n\nThe barcode reader does not pair.\n\n"
            "## Solution\n\n1. Hold the pairing button for five seconds.\n2. Pick the reader in Bluetooth settings.\n",
        ),
        encoding="utf-8",
    )
    api = replicas.a.call(
        "POST",
        "/api/drafts/late/publish",
        json={"category": "billing"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert api.status_code == 200, api.text
    wait_for(lambda: top_path(restarted, "pair bluetooth barcode reader") == api.json()["path"], 10)


def test_replicas_answer_health_checks_independently(replicas: Replicas) -> None:
    for replica in (replicas.a, replicas.b):
        assert httpx.get(f"{replica.url}/api/health", timeout=5).status_code == 200
