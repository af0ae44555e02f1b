"""API load and page-weight benchmark on the synthetic corpus, against a real uvicorn server.

    python bench/api.py [N] [--seconds 10]

1. Builds the site and index for N generated articles (default 10000).
2. Starts one uvicorn worker serving kb's app plus a trivial endpoint (``/bench/trivial``).
3. Runs ``wrk -t2 -c32`` against the trivial endpoint, then against ``/api/answer`` with the
   generated questions rotating (a Lua script), in the same run, and prints req/s and latency.
4. Downloads what a customer's browser fetches before the first answer (an article page, the
   CSS and JS it loads, one answer) with gzip, and prints the bytes.
Needs Debian's ``wrk`` (apt-get install -y wrk).
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urljoin

import uvicorn
from corpus import generate

from kb.config import load_settings
from kb.content import load_catalog
from kb.index import build_index
from kb.site import build_site
from search_api import create_app

ROOT = Path(__file__).resolve().parent.parent
LUA = """
local questions = {}
for line in io.lines("%s") do questions[#questions + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/answer?q=" .. questions[(n %% #questions) + 1])
end
"""


def wrk(url: str, seconds: int, script: Path | None = None) -> tuple[float, str]:
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses:\n{out}")
    return rate, p99


def fetched_bytes(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        plain = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        return len(body), plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, questions = work / "docs", work / "questions.txt"
        generate(args.articles, docs, questions)
        encoded = work / "encoded.txt"
        encoded.write_text("\n".join(quote(q) for q in questions.read_text().splitlines()) + "\n")
        script = work / "answers.lua"
        script.write_text(LUA % encoded)
        settings = load_settings(ROOT).with_paths(docs, work / "site", work / "data")
        build_site(settings)
        build_index(settings)
        app = create_app(settings, site_dir=settings.site_dir)

        @app.get("/bench/trivial")
        async def trivial() -> dict[str, str]:
            return {"status": "ok"}

        app.router.routes.insert(0, app.router.routes.pop())  # before the static mount
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=8931, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = "http://127.0.0.1:8931"
        wrk(f"{base}/bench/trivial", 2)
        for line in encoded.read_text().splitlines():  # warm-up: each question seen once
            fetched_bytes(f"{base}/api/answer?q={line}")
        trivial_rate, trivial_p99 = wrk(f"{base}/bench/trivial", args.seconds)
        answer_rate, answer_p99 = wrk(f"{base}/api/answer", args.seconds, script)
        print(f"trivial endpoint: {trivial_rate:,.0f} req/s, p99 {trivial_p99}")
        print(
            f"/api/answer, {len(questions.read_text().splitlines())} rotating questions: {answer_rate:,.0f} req/s "
            f"({answer_rate / trivial_rate:.0%} of trivial), p99 {answer_p99}"
        )

        article = load_catalog(docs).articles[0]
        page_url = f"{base}/{article.url}"
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
        server.should_exit = True


if __name__ == "__main__":
    main()
