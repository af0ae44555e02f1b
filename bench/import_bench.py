"""Import benchmark: articles/s through ``kb import zendesk`` (target: at least 50 articles/s).

    python bench/import_bench.py [ARTICLES] [--runs N]

Writes the synthetic corpus (default 300 articles, bench/gen.py), renders each article to HTML
the way Zendesk Guide stores it (``<h2 id="h_01…">`` headings, ``<p>&nbsp;</p>`` spacers, links
between articles by their /hc/en-us/articles/<id>-<title> URLs), and imports the export into a
new docs folder holding only index.md. Reading the JSON, converting every body, planning, the
atomic writes and the manifest's redirects are all inside the timing; the median of N runs is
reported, then a second import of the same export (which writes nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

import markdown
import yaml
from corpus import generate

from kb.importing import import_help_centre


def zendesk_export(docs: Path) -> dict[str, object]:
    """The corpus as a Zendesk Guide export: one section per category, one article per file."""
    files = sorted(p for p in docs.rglob("*.md") if p.name != "index.md")
    ids = {p.relative_to(docs).as_posix(): 360000000000 + n for n, p in enumerate(files)}
    urls = {rel: f"https://acme.zendesk.com/hc/en-us/articles/{i}-{Path(rel).stem}" for rel, i in ids.items()}
    sections: dict[str, int] = {}
    articles = []
    for file in files:
        rel = file.relative_to(docs).as_posix()
        _, fm, body = file.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(fm)
        html = markdown.markdown(re.sub(r"^# .*\n", "", body.lstrip()), extensions=["tables", "fenced_code", "toc"])
        counter = iter(range(1000))
        html = re.sub(r'<h2 id="[^"]*">', lambda _m, c=counter: f'<h2 id="h_01HQ{next(c):04d}">', html)
        html = html.replace("</p>\n<h2", "</p>\n<p>&nbsp;</p>\n<h2")

        def link(match: re.Match[str], here: str = rel) -> str:
            target = str(Path(here).parent / match.group(1)).replace("\\", "/")
            return f'href="{urls[target]}{match.group(2) or ""}"' if target in urls else match.group(0)

        html = re.sub(r'href="([^"#:]+\.md)(#[^"]*)?"', link, html)
        category = rel.split("/")[0]
        section_id = sections.setdefault(category, 1000 + len(sections))
        articles.append({
            "id": ids[rel], "title": meta["title"], "body": html, "html_url": urls[rel], "section_id": section_id,
            "label_names": meta.get("tags") or [], "draft": False, "updated_at": "2024-05-02T09:30:00Z",
        })  # fmt: skip
    section_list = [{"id": i, "name": c.replace("-", " ").title(), "position": n}
                    for n, (c, i) in enumerate(sections.items())]  # fmt: skip
    return {"categories": [], "sections": section_list, "articles": articles}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(args.articles, base / "corpus")
        export_file = base / "export.json"
        export = zendesk_export(base / "corpus")
        export_file.write_text(json.dumps(export), encoding="utf-8")
        count = len(export["articles"])  # type: ignore[arg-type]
        times, again = [], []
        for run in range(args.runs):
            docs = base / f"docs{run}"
            docs.mkdir()
            (docs / "index.md").write_text("---\ntitle: Help\n---\n# Help\n\nWelcome.\n", encoding="utf-8")
            start = time.perf_counter()
            report = import_help_centre("zendesk", export_file, docs)
            times.append(time.perf_counter() - start)
            assert report.plan.count("create") == count and not report.plan.errors, report.plan.errors[:3]
            start = time.perf_counter()
            second = import_help_centre("zendesk", export_file, docs)
            again.append(time.perf_counter() - start)
            assert second.files_written == 0
        median = statistics.median(times)
        print(f"{count} articles, {len(report.plan.redirects)} redirects, "
              f"{len(report.plan.anchor_redirects)} anchor redirects")  # fmt: skip
        print(f"import: median {median:.2f} s over {args.runs} runs = {count / median:.0f} articles/s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip
        print(f"second import (writes nothing): median {statistics.median(again):.2f} s")


if __name__ == "__main__":
    main()
