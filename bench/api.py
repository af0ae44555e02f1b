"""API load benchmark on the synthetic corpus, against ``kb serve`` as it ships.

    python bench/api.py [N] [--workers W] [--seconds S] [--context]

1. Generates N articles (default 10000) and 6,000 questions about them, builds the site and the
   index, and starts ``kb serve --workers W`` (default: kb's default, one per core up to 4).
2. **Cold, one client:** 300 never-asked questions to ``/api/answer`` and 300 others to
   ``/api/search``, one after another on one connection; p50, p90, p99.
3. **Cold, 32 clients:** ``wrk -t2 -c32`` over never-asked questions (each asked once: the run
   stops being cold when they run out, and the script says so). Meanwhile a probe fetches
   ``/api/health`` and an article page every 50 ms: their latency under that load.
4. **Hot:** ``wrk`` over 50 questions already asked (answers come from the cache), and over
   ``/api/health`` as the trivial reference.
5. Memory of each worker (resident set size) after the runs, and the bytes a customer's browser
   fetches before the first answer.
``--context`` puts a sentence of context before each question ("This started after the last
update on my laptop. …", bench/wording.py), as customers write: kb then searches the message
whole and the question alone (kb/answers/reading.py). Needs Debian's ``wrk`` (apt-get install -y wrk).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urljoin

import httpx
from corpus import generate
from wording import after_context

from kb.config import load_settings
from kb.content import load_catalog
from kb.index import build_index
from kb.site import build_site

ROOT = Path(__file__).resolve().parent.parent
PORT = 8931
COLD_SINGLE = 300
HOT_QUESTIONS = 50
# Each wrk thread (one Lua state each) starts at its own offset, so no question is asked twice.
LUA = """
local questions = {}
for line in io.lines("%s") do questions[#questions + 1] = line end
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
local n = 0
request = function()
  local i = (n * %d + id) %% #questions + 1
  n = n + 1
  return wrk.format("GET", "%s?q=" .. questions[i])
end
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wrk(url: str, seconds: int, script: Path | None = None) -> tuple[float, str, str, int]:
    """req/s, p50, p99 and the number of requests of a ``wrk -t2 -c32`` run."""
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses:\n{out}")
    return rate, p50, p99, count


def script(folder: Path, name: str, questions: list[str], path: str) -> Path:
    listing = folder / f"{name}.txt"
    listing.write_text("\n".join(quote(q) for q in questions) + "\n", encoding="utf-8")
    lua = folder / f"{name}.lua"
    lua.write_text(LUA % (listing, 2, path), encoding="utf-8")
    return lua


def fetched_bytes(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        plain = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        return len(body), plain


def one_client(base: str, path: str, questions: list[str]) -> str:
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for question in questions:
            start = time.perf_counter()
            response = client.get(path, params={"q": question})
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
    return (
        f"p50 {percentile(times, 0.5):.1f} ms, p90 {percentile(times, 0.9):.1f} ms, "
        f"p99 {percentile(times, 0.99):.1f} ms"
    )


def typed_prefixes(questions: list[str], count: int) -> list[str]:
    """What search as you type sends: each question as it grows, every word and two letters into the next."""
    prefixes: list[str] = []
    for question in questions:
        words = question.split()
        for n, word in enumerate(words):
            prefixes.append(" ".join([*words[:n], word[:2]]))
            prefixes.append(" ".join(words[: n + 1]))
        if len(prefixes) >= count:
            break
    return prefixes[:count]


class Probe(threading.Thread):
    """Fetches ``urls`` in turn every 50 ms on fresh connections until stopped."""

    def __init__(self, urls: list[str]) -> None:
        super().__init__(daemon=True)
        self.urls = urls
        self.times: dict[str, list[float]] = {url: [] for url in urls}
        self.stop = threading.Event()

    def run(self) -> None:
        # http.client, not httpx.get: a new httpx client costs ~20 ms of its own (SSL context).
        while not self.stop.is_set():
            for url in self.urls:
                start = time.perf_counter()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                connection.request("GET", url.removeprefix(f"http://127.0.0.1:{PORT}"))
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    raise SystemExit(f"{url}: HTTP {response.status}")
                self.times[url].append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)

    def report(self) -> str:
        parts = []
        for url, times in self.times.items():
            name = "/api/health" if url.endswith("/api/health") else "article page"
            parts.append(f"{name} p50 {statistics.median(times):.1f} ms, p99 {percentile(times, 0.99):.1f} ms")
        return "; ".join(parts)


def worker_cpu(supervisor: int) -> list[float]:
    """CPU seconds (user + system) each worker has used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = []
    for pid in worker_pids(supervisor):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used.append((int(fields[11]) + int(fields[12])) / ticks)  # utime, stime
    return used


def worker_pids(supervisor: int) -> list[int]:
    """uvicorn's worker processes of ``supervisor``."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        parent = re.search(r"PPid:\s+(\d+)", text)
        # Not multiprocessing's resource tracker, which uvicorn's supervisor also starts.
        if parent and int(parent.group(1)) == supervisor and b"resource_tracker" not in command:
            pids.append(int(status.parent.name))
    return sorted(pids)


def worker_memory(supervisor: int) -> list[float]:
    """Resident MB of each worker."""
    sizes = []
    for pid in worker_pids(supervisor):
        rss = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        sizes.append(int(rss.group(1)) / 1024 if rss else 0.0)
    return sizes


def serve(docs: Path, work: Path, workers: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KB_DATA_DIR": str(work / "data"), "KB_SITE_DIR": str(work / "site"),
           "KB_QUERIES_PER_MINUTE": "0"}  # a load test is one address asking thousands of questions
    command = [sys.executable, "-m", "kb.cli", "serve", "--docs", str(docs), "--port", str(PORT)]
    if workers:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("kb serve did not start")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=None, help="kb serve --workers (default: kb's default)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--context", action="store_true", help="each question after a sentence of context, as customers write"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, listing = work / "docs", work / "questions.txt"
        generate(args.articles, docs, listing, question_count=6000)
        questions = list(dict.fromkeys(listing.read_text(encoding="utf-8").splitlines()))
        if args.context:  # two sentences: kb reads the message whole and the question alone
            rng = random.Random(0)
            questions = list(dict.fromkeys(after_context(q, rng) for q in questions))
        settings = load_settings(ROOT).with_paths(docs, work / "site", work / "data")
        build_site(settings)
        build_index(settings)
        process = serve(docs, work, args.workers)
        base = f"http://127.0.0.1:{PORT}"
        try:
            single_answer, single_search = questions[:COLD_SINGLE], questions[COLD_SINGLE : 2 * COLD_SINGLE]
            hot, cold = questions[-HOT_QUESTIONS:], questions[2 * COLD_SINGLE : -HOT_QUESTIONS]
            workers = len(worker_memory(process.pid)) or 1
            print(f"{args.articles} articles, {workers} worker(s), {len(questions)} distinct questions")
            print(f"cold, 1 client, /api/answer: {one_client(base, '/api/answer', single_answer)}")
            print(f"cold, 1 client, /api/search: {one_client(base, '/api/search', single_search)}")
            typing = typed_prefixes(questions, 2000)
            one_client(base, "/api/suggest", typing[:50])  # each worker builds its titles table once
            typed = one_client(base, "/api/suggest", typing)
            print(f"typing, 1 client, /api/suggest ({len(typing)} prefixes): {typed}")
            rate, p50, p99, _ = wrk(f"{base}/api/suggest", args.seconds, script(work, "typing", typing, "/api/suggest"))
            print(f"typing, 32 clients, /api/suggest: {rate:,.0f} req/s, p50 {p50}, p99 {p99}")

            article = load_catalog(docs).articles[0]
            page_url = f"{base}/{article.url}"
            probe = Probe([f"{base}/api/health", page_url])
            for url in probe.urls:  # the page's first read from disk is not what load does to it
                fetched_bytes(url)
            probe.start()
            cpu_before = worker_cpu(process.pid)
            rate, p50, p99, count = wrk(f"{base}/api/answer", args.seconds, script(work, "cold", cold, "/api/answer"))
            cpu = [b - a for a, b in zip(cpu_before, worker_cpu(process.pid), strict=True)]
            probe.stop.set()
            probe.join()
            repeated = f" ({count - len(cold)} repeats: lower --seconds)" if count > len(cold) else ""
            print(f"cold, 32 clients, /api/answer: {rate:,.0f} req/s, p50 {p50}, p99 {p99}, {count} asked{repeated}")
            print(f"  meanwhile: {probe.report()}")
            print("  CPU seconds per worker: " + ", ".join(f"{c:.1f}" for c in cpu))

            hot_script = script(work, "hot", hot, "/api/answer")
            wrk(f"{base}/api/answer", 2, hot_script)  # every worker has seen every hot question
            trivial_rate, _, trivial_p99, _ = wrk(f"{base}/api/health", args.seconds)
            rate, p50, p99, _ = wrk(f"{base}/api/answer", args.seconds, hot_script)
            print(f"hot, 32 clients, /api/health (trivial): {trivial_rate:,.0f} req/s, p99 {trivial_p99}")
            print(
                f"hot, 32 clients, /api/answer ({HOT_QUESTIONS} repeated questions): {rate:,.0f} req/s "
                f"({rate / trivial_rate:.0%} of trivial), p50 {p50}, p99 {p99}"
            )
            memory = worker_memory(process.pid)
            print("memory per worker (RSS): " + ", ".join(f"{mb:,.0f} MB" for mb in memory))

            total, html = fetched_bytes(page_url)
            parts = [f"page {total:,}"]
            for asset in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
                size, _ = fetched_bytes(urljoin(page_url, asset.decode()))
                total += size
                parts.append(f"{asset.decode().rsplit('/', 1)[-1]} {size:,}")
            size, _ = fetched_bytes(f"{base}/api/answer?q={quote(article.title)}")
            total += size
            parts.append(f"answer {size:,}")
            print(f"bytes before the first answer (gzip): {total:,} = " + " + ".join(parts))
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
