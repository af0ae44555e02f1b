"""Replicas benchmark: cold-answer throughput with one and two ``kb serve`` replicas behind nginx,
and how long a publish on one takes to be searchable on the other.

    python bench/replicas.py [N] [--seconds S] [--publishes P]

1. Generates N articles (default 10000) and 6,000 questions about them. Needs PostgreSQL
   (``KB_TEST_DATABASE_URL``, e.g. from ``eval "$(.ci/postgres start)"``), Debian's ``nginx``
   and ``wrk``.
2. Replicas A and B (``kb serve --workers 1``) each build their own site and index in their own
   data dir from the same docs folder, and share one PostgreSQL database.
3. **One replica:** nginx in front of A only; ``wrk -t2 -c32`` over never-asked questions to
   ``/api/answer``. **Two replicas:** nginx round robin over A and B; new never-asked questions.
4. **Publish to visible:** P drafts published through A's agent API; the time until B's
   ``/api/search`` ranks each first (polled every 50 ms).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from api import script, wrk
from corpus import generate
from publish import draft_text, made_up_word

from kb.config import load_settings
from kb.index import build_index
from kb.site import build_site

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "replica-bench-agent-token-0123456789abcdef"
NGINX = """
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  upstream kb {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://kb;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }}
  }}
}}
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def replica(docs: Path, data: Path, port: int, url: str, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KB_DATA_DIR": str(data),
        "KB_SITE_DIR": str(data / "built-site"),
        "KB_DATABASE_URL": url,
        "KB_AGENT_TOKEN": TOKEN,
        "KB_QUERIES_PER_MINUTE": "0",  # a load test is one address asking thousands of questions
    }
    command = [sys.executable, "-m", "kb.cli", "serve", "--docs", str(docs), "--port", str(port)]
    command += ["--workers", str(workers)]
    with (data.parent / f"{data.name}-{workers}.log").open("ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 900
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("kb serve did not start")
        time.sleep(0.5)


def nginx(work: Path, ports: list[int]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    prefix = work / f"nginx-{port}"
    prefix.mkdir()
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX.format(prefix=prefix, servers=servers, port=port), encoding="utf-8")
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"])
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process, port
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"nginx did not start: {(prefix / 'error.log').read_text()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--publishes", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("KB_TEST_DATABASE_URL")
    if not url:
        raise SystemExit('set KB_TEST_DATABASE_URL (eval "$(.ci/postgres start)")')
    subprocess.run([sys.executable, "-m", "kb.cli", "db", "upgrade"], env={**os.environ, "KB_DATABASE_URL": url},
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    running: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, listing = work / "docs", work / "questions.txt"
        generate(args.articles, docs, listing, question_count=12000)
        questions = list(dict.fromkeys(listing.read_text(encoding="utf-8").splitlines()))
        third = len(questions) // 3
        settings = load_settings(ROOT).with_paths(docs, work / "a" / "built-site", work / "a")
        build_site(settings, site_dir=work / "a" / "site")
        build_index(settings)
        a_port, b_port = free_port(), free_port()
        try:
            began = time.monotonic()
            running.append(replica(docs, work / "a", a_port, url))
            print(f"replica A up in {time.monotonic() - began:.1f} s", flush=True)
            began = time.monotonic()
            running.append(replica(docs, work / "b", b_port, url))
            print(f"replica B up in {time.monotonic() - began:.1f} s", flush=True)
            print(f"{args.articles} articles, {len(questions)} distinct questions, 2 cores; each replica 1 worker")
            results = []
            runs = (
                ("1 replica, 1 worker ", [a_port], questions[:third]),
                ("2 replicas, 1 worker", [a_port, b_port], questions[third : 2 * third]),
            )
            for name, ports, asked in runs:
                proxy, port = nginx(work, ports)
                try:
                    lua = script(work, f"cold{len(ports)}", asked, "/api/answer")
                    rate, p50, p99, count = wrk(f"http://127.0.0.1:{port}/api/answer", args.seconds, lua)
                finally:
                    proxy.send_signal(signal.SIGQUIT)
                    proxy.wait(timeout=30)
                repeated = f" ({count - len(asked)} repeats)" if count > len(asked) else ""
                results.append(rate)
                print(f"cold answers, 32 clients via nginx, {name}: {rate:,.0f} req/s, p50 {p50}, p99 {p99}{repeated}")
            print(f"two replicas / one: {results[1] / results[0]:.2f}x")
            waits = []
            rng = __import__("random").Random(11)
            category = sorted(p.name for p in docs.iterdir() if p.is_dir() and not p.name.startswith("_"))[0]
            with httpx.Client(timeout=600) as client:
                for n in range(args.publishes):
                    word = made_up_word(rng)
                    (docs / "_drafts").mkdir(exist_ok=True)
                    (docs / "_drafts" / f"replica-{n}.md").write_text(draft_text(word, category, 9000 + n))
                    start = time.monotonic()
                    published = client.post(
                        f"http://127.0.0.1:{a_port}/api/drafts/replica-{n}/publish",
                        json={"category": category},
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                    published.raise_for_status()
                    path = published.json()["path"]
                    took = time.monotonic() - start
                    while True:
                        query = {"q": f"{word} sync", "limit": 1}
                        found = client.get(f"http://127.0.0.1:{b_port}/api/search", params=query)
                        hits = found.json()["results"]
                        if hits and hits[0]["path"] == path:
                            break
                        if time.monotonic() - start > 60:
                            logs = "".join(
                                f"--- {name}\n" + (work / name).read_text(errors="replace")[-2000:]
                                for name in ("a-1.log", "b-1.log")
                            )
                            mark = (work / "b" / "replica-mark").read_text().strip()
                            raise SystemExit(
                                f"{path} (published in {took:.2f} s) never became searchable on B "
                                f"(B's mark: {mark}; top hit: {hits[:1]}); logs:\n{logs}"
                            )
                        time.sleep(0.05)
                    waits.append(time.monotonic() - start)
                    print(f"  publish {n + 1}: searchable on B after {waits[-1]:.2f} s", flush=True)
            print(
                f"publish on A → searchable on B ({args.publishes} publishes): "
                f"median {statistics.median(waits):.2f} s, max {max(waits):.2f} s"
            )
            # The same two cores as one replica with two workers: what a second replica adds on
            # one machine (nothing but a second copy of the index) versus what it adds elsewhere.
            b_process = running.pop()
            b_process.send_signal(signal.SIGINT)
            b_process.wait(timeout=60)
            running.append(replica(docs, work / "b", b_port, url, workers=2))
            proxy, port = nginx(work, [b_port])
            try:
                asked = questions[2 * third :]
                lua = script(work, "cold-workers", asked, "/api/answer")
                rate, p50, p99, count = wrk(f"http://127.0.0.1:{port}/api/answer", args.seconds, lua)
            finally:
                proxy.send_signal(signal.SIGQUIT)
                proxy.wait(timeout=30)
            repeated = f" ({count - len(asked)} repeats)" if count > len(asked) else ""
            print(f"cold answers, 32 clients via nginx, 1 replica, 2 workers: {rate:,.0f} req/s, ", end="")
            print(f"p50 {p50}, p99 {p99}{repeated}")

        finally:
            for process in running:
                process.send_signal(signal.SIGINT)
            for process in running:
                process.wait(timeout=60)


if __name__ == "__main__":
    main()
