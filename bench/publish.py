"""Publish-to-live: from the start of a publish until the page is served and search finds it.

    python bench/publish.py [N] [--corpus DIR] [--work DIR] [--runs 7] [--cli-runs 7]

1. Generates N articles (default 10000) into ``--corpus`` (reused when it already holds a
   corpus), copies them into a work folder and, as ``kb serve`` does, builds the preview site
   (drafts shown) and the search index once. With ``--work DIR`` the work folder is kept, and a
   later run reuses its site and index (publishing brings them up to date as it goes).
2. Starts the real server, ``kb serve``, in its own process (site at /, API at /api).
3. For each run, writes a draft into a category (a new made-up word in its title), then starts the
   clock and publishes it: ``kb.review.publish.publish_draft()`` in this process, or the ``kb publish``
   command in a new process (its import time included). The clock stops when GET of the article's
   URL returns 200 and ``/api/search`` for its title has it as the top hit. Both are polled every
   10 ms (the page every 50 ms while a command runs, as requests take CPU from the publish on 2
   cores); search only once the page is served (the index is updated before the site, and
   hammering an uncached search would slow the publish down).
4. Prints each run, then the median and max of: returned (the function, or the command's process
   exited), page served, search finds it (= publish-to-live). The command's page is polled while
   it runs: the page is live before the interpreter has finished tearing down.

``--with-manifest`` first records every article in ``docs/_permalinks.yml``, as ``kb build`` does
on a deployed help centre (the preview alone never records), so each publish also reads and
rewrites a 10,000-page manifest.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from corpus import generate

from kb.config import Settings, load_settings
from kb.index import build_index, current_index_dir
from kb.permalinks import record_published
from kb.review import publish_draft
from kb.site import build_site, docs_fingerprint, update_sites
from kb.store import write_text_atomic

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("billing-and-invoices", "integrations", "mobile-app", "time-tracking", "security-and-privacy")
TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def made_up_word(rng: random.Random) -> str:
    """A pronounceable word no article uses, so search has one right answer."""
    syllables = ["ka", "zo", "ri", "vel", "mun", "tor", "pli", "dax", "qu", "sen", "bro", "fy"]
    return "".join(rng.choice(syllables) for _ in range(4))


def draft_text(word: str, category: str, ticket: int) -> str:
    title = f"Fix: {word} sync stalls at ninety percent"
    return (
        f"---\ntitle: '{title}'\nsummary: Open the Sync settings, clear the {word} queue, then sync again.\n"
        f"tags: [sync]\nstatus: draft\ncategory: {category}\nprovenance: ['{ticket}']\ncreated: 2026-11-23\n---\n"
        f"# {title}\n\n"
        f"## Problem\n\nThe {word} sync stops at ninety percent and never finishes.\n\n"
        f"## Solution\n\n1. Open **Settings**, then **Sync**.\n2. Clear the {word} queue.\n3. Sync again.\n"
    )


def prepare(settings: Settings, corpus: Path, count: int) -> None:
    """The work folder as ``kb serve`` leaves it: preview site and index built, fingerprint stamped."""
    if not any(corpus.glob("*/*.md")):
        print(f"generating {count} articles into {corpus} …", flush=True)
        generate(count, corpus)
    if not settings.docs_dir.is_dir():
        shutil.copytree(corpus, settings.docs_dir)
    preview = settings.data_dir / "preview"
    start = time.perf_counter()
    if (preview / "index.html").is_file():
        update_sites(settings, changed=[], removed=[])  # reuse: bring it up to date (full if it must)
        print(f"preview site brought up to date in {time.perf_counter() - start:.1f} s", flush=True)
    else:
        result = build_site(settings, site_dir=preview, drafts=True)
        print(f"preview site: {result.pages} pages built in {result.seconds:.1f} s", flush=True)
    if current_index_dir(settings) is None:
        stats = build_index(settings)
        print(f"index: {stats.sections} sections built in {stats.seconds:.1f} s", flush=True)
    # What kb serve checks before serving: an up-to-date stamp means no rebuild at start.
    write_text_atomic(settings.data_dir / "preview.fingerprint", docs_fingerprint(settings.docs_dir))


def wait_until_live(
    client: httpx.Client, url: str, path: str, query: str, start: float, command: subprocess.Popen[str] | None = None
) -> tuple[float, float]:
    """(seconds until the page is served, seconds until search has it first), from ``start``."""
    deadline = start + TIMEOUT
    # While a command runs, poll less often: requests cost the server CPU the publish needs.
    pause = 0.01 if command is None else 0.05
    while client.get(url).status_code != 200:
        if time.perf_counter() > deadline or (command is not None and command.poll() not in (None, 0)):
            out = command.communicate()[0] if command is not None else ""
            raise SystemExit(f"{url} was not served within {TIMEOUT:.0f} s\n{out}")
        time.sleep(pause)
    served = time.perf_counter() - start
    while True:
        results = client.get("/api/search", params={"q": query, "limit": 3}).json().get("results", [])
        if results and results[0]["path"] == path:
            return served, time.perf_counter() - start
        if time.perf_counter() > deadline:
            raise SystemExit(f"search did not find {path} first within {TIMEOUT:.0f} s: {results[:1]}")
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, help="corpus folder: generated if empty, reused otherwise")
    parser.add_argument("--work", type=Path, help="keep the work folder (docs, site, index) here and reuse it")
    parser.add_argument("--runs", type=int, default=7, help="publishes through publish_draft()")
    parser.add_argument("--cli-runs", type=int, default=7, help="publishes through the kb publish command")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--with-manifest",
        action="store_true",
        help="first record every article in the permalink manifest, as kb build does (a 10,000-page manifest)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    temp = None if args.work else tempfile.TemporaryDirectory()
    work = args.work or Path(temp.name)  # type: ignore[union-attr]
    corpus = args.corpus or work / "corpus"
    # The same settings here, in kb serve and in kb publish: all from this environment.
    env = {
        **os.environ,
        "KB_DOCS_DIR": str(work / "docs"),
        "KB_DATA_DIR": str(work / "data"),
        "KB_SITE_DIR": str(work / "site"),
    }
    settings = load_settings(ROOT, environ=env)
    prepare(settings, corpus, args.articles)
    if args.with_manifest:
        recorded = record_published(settings.docs_dir)
        print(f"permalink manifest: every article recorded ({'updated' if recorded else 'already up to date'})")
        write_text_atomic(settings.data_dir / "preview.fingerprint", docs_fingerprint(settings.docs_dir))

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--port", str(port)], env=env, cwd=ROOT)
    rows: list[tuple[str, float, float, float]] = []
    steps: list[tuple[float, float]] = []
    inside: list[float] = []  # what kb publish reports: publish_draft() in the new process
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("kb serve did not start")
                time.sleep(0.1)
            modes = ["api"] * args.runs + ["cli"] * args.cli_runs
            for number, mode in enumerate(modes, 1):
                word = made_up_word(rng)
                category = CATEGORIES[number % len(CATEGORIES)]
                name = f"bench-{word}"
                draft = settings.docs_dir / "_drafts" / f"{name}.md"
                write_text_atomic(draft, draft_text(word, category, rng.randint(10_000, 99_999)))
                time.sleep(1.0)  # a draft is written well before someone publishes it
                start = time.perf_counter()
                if mode == "api":
                    result = publish_draft(settings, name)
                    returned = time.perf_counter() - start
                    path, url = result.path, result.url
                    steps.append((result.index_seconds, result.site_seconds))
                    served, found = wait_until_live(client, url, path, f"{word} sync stalls", start)
                else:
                    # The page is live before the command exits (then the interpreter tears down).
                    path = f"{category}/fix-{word}-sync-stalls-at-ninety-percent.md"
                    url = "/" + path.removesuffix(".md") + "/"
                    command = subprocess.Popen(
                        [sys.executable, "-m", "kb.cli", "publish", name],
                        env=env,
                        cwd=ROOT,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                    served, found = wait_until_live(client, url, path, f"{word} sync stalls", start, command)
                    output = command.communicate(timeout=TIMEOUT)[0]
                    returned = time.perf_counter() - start
                    if command.returncode != 0 or f"published {path}" not in output:
                        raise SystemExit(output)
                    inside.append(float(output.rsplit(" in ", 1)[1].split()[0]))
                rows.append((mode, returned, served, found))
                print(
                    f"{number:2} {mode:3} {category:22} returned {returned:5.2f} s · page served {served:5.2f} s"
                    f" · search finds it {found:5.2f} s",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if temp is not None:
            temp.cleanup()
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")
    for mode, label in (("api", "publish_draft()"), ("cli", "kb publish (new process)")):
        runs = [r for r in rows if r[0] == mode]
        if not runs:
            continue
        columns = list(zip(*[r[1:] for r in runs], strict=True))
        summary = " · ".join(
            f"{name} median {statistics.median(values):.2f} s, max {max(values):.2f} s"
            for name, values in zip(("returned", "page served", "publish-to-live"), columns, strict=True)
        )
        print(f"{label}, {len(runs)} runs: {summary}")
    if inside:
        print(f"kb publish: publish_draft() inside the command median {statistics.median(inside):.2f} s")
    if steps:
        index, site = zip(*steps, strict=True)
        print(
            f"inside publish_draft(): index update median {statistics.median(index):.2f} s, "
            f"site update median {statistics.median(site):.2f} s (max {max(site):.2f} s)"
        )


if __name__ == "__main__":
    main()
