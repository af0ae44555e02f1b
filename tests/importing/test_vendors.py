"""Each vendor's export, as its API returns it, reads into the same model and imports the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.content import load_catalog
from kb.importing import import_help_centre, read_export
from kb.permalinks import read_manifest

DATA = Path(__file__).parent / "data"
EXPORTS = {
    "zendesk": DATA / "zendesk.json",
    "freshdesk": DATA / "freshdesk",
    "helpscout": DATA / "helpscout.json",
    "intercom": DATA / "intercom",
}


@pytest.mark.parametrize("source", sorted(EXPORTS))
def test_every_vendor_export_reads_into_ten_articles_in_four_groups_of_two_categories(source: str) -> None:
    export = read_export(source, EXPORTS[source])
    assert export.errors == ()
    assert len(export.articles) == 12
    groups = [c for c in export.categories if c.parent_id is not None]
    assert [c.name for c in groups] == ["Synchronisation", "Writing notes", "Customising", "Joplin Cloud"]
    assert all(a.title and a.body_html and a.url for a in export.articles)
    assert all(a.category_id in {c.id for c in groups} for a in export.articles)


@pytest.mark.parametrize("source", sorted(EXPORTS))
def test_every_vendor_imports_with_its_old_urls_redirected_and_converts_cleanly(source: str, docs: Path) -> None:
    report = import_help_centre(source, EXPORTS[source], docs)
    assert report.plan.errors == ()
    catalog = load_catalog(docs)
    published = [a for a in catalog.articles if "imported_from" in a.meta]
    drafts = list((docs / "_drafts").glob("*.md"))
    assert len(published) + len(drafts) == 12
    manifest, problems = read_manifest(docs)
    assert problems == []
    assert {manifest.resolve_page(old) for old in manifest.redirects} == {"/" + a.url for a in published}
    for article in published:
        body = article.body
        assert "<div" not in body and "<p" not in body and "intercom-interblocks" not in body
        assert "\n\n\n" not in body and "&nbsp;" not in body
        assert article.summary and len(article.summary) <= 200
    # Joplin's home-directory page has a table and its s3 page a code block: both survive
    texts = {a.title: a.body for a in published}
    assert any("| --- |" in t for t in texts.values())
    assert any("```" in t for t in texts.values())


def test_links_between_imported_articles_become_relative_md_links_with_their_fragment(docs: Path) -> None:
    import_help_centre("zendesk", EXPORTS["zendesk"], docs)
    catalog = load_catalog(docs)
    links = [
        (a.path, link.target + (f"#{link.anchor}" if link.anchor else ""))
        for a in catalog.articles
        for link in a.links
        if link.target
    ]
    assert links, "the export links its articles to each other"
    for path, target in links:
        assert not target.startswith(("http", "/")) and ".md" in target
        assert (docs / path).parent.joinpath(target.split("#")[0]).resolve().is_file()
    # to-dos links to the conflict article's old section h_01HQ0300ZXK7P3 and to Dropbox's /articles/<id>
    todos = {t for p, t in links if p.endswith("to-dos.md")}
    assert "../../sync-and-security/synchronisation/what-is-a-conflict.md#how-to-resolve-a-conflict" in todos
    assert "../../sync-and-security/synchronisation/dropbox-synchronisation.md" in todos


def test_intercom_callout_becomes_an_admonition(docs: Path) -> None:
    import_help_centre("intercom", EXPORTS["intercom"], docs)
    text = next(docs.rglob("to-dos.md")).read_text(encoding="utf-8")
    assert "!!! note\n\n    **Note:** ask us in the chat if you are stuck." in text


def test_a_bad_record_is_reported_and_nothing_of_it_is_written(tmp_path: Path, docs: Path) -> None:
    export = json.loads(EXPORTS["zendesk"].read_text(encoding="utf-8"))
    export["articles"][0]["title"] = ""
    export["articles"][1]["body"] = {"not": "html"}
    export["articles"].append("not an object")
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(export), encoding="utf-8")
    report = import_help_centre("zendesk", file, docs)
    messages = [str(e) for e in report.plan.errors]
    assert any("articles[0]" in m and "'title'" in m for m in messages)
    assert any("articles[1]" in m and "'body'" in m for m in messages)
    assert any("articles[12]" in m and "expected an object" in m for m in messages)
    written = [p for p in docs.rglob("*.md")]
    assert len(written) == 10  # the 10 good articles, nothing of the bad ones


def test_a_changed_article_is_updated_in_place_keeping_its_id_and_path(tmp_path: Path, docs: Path) -> None:
    import_help_centre("zendesk", EXPORTS["zendesk"], docs)
    export = json.loads(EXPORTS["zendesk"].read_text(encoding="utf-8"))
    target = next(p for p in docs.rglob("to-dos.md"))
    before = target.read_text(encoding="utf-8")
    kb_id = before.split("\nid: ", 1)[1].split("\n", 1)[0]
    moved = docs / "using-joplin" / "tasks.md"
    target.rename(moved)  # a writer renamed it after the first import
    export["articles"][5]["updated_at"] = "2025-01-01T00:00:00Z"
    export["articles"][5]["body"] += "<p>One more paragraph.</p>"
    file = tmp_path / "again.json"
    file.write_text(json.dumps(export), encoding="utf-8")
    report = import_help_centre("zendesk", file, docs)
    assert (report.plan.count("create"), report.plan.count("update")) == (0, 1)
    after = moved.read_text(encoding="utf-8")
    assert f"\nid: {kb_id}\n" in after and "One more paragraph." in after
    assert not target.exists()


def test_category_map_merges_categories_and_dry_run_writes_nothing(tmp_path: Path, docs: Path) -> None:
    mapping = tmp_path / "map.yml"
    mapping.write_text("Writing notes: Notes\nCustomising: Notes\n", encoding="utf-8")
    export = json.loads(EXPORTS["zendesk"].read_text(encoding="utf-8"))
    for category in export["categories"]:  # the old help centre listed "Using Joplin" first
        category["position"] = 0 if category["name"] == "Using Joplin" else 1
    file = tmp_path / "export.json"
    file.write_text(json.dumps(export), encoding="utf-8")
    dry = import_help_centre("zendesk", file, docs, category_map=mapping, dry_run=True)
    assert dry.dry_run and not any(docs.iterdir())
    assert dry.plan.count("create") == 12
    import_help_centre("zendesk", file, docs, category_map=mapping)
    folders = sorted(c.slug for c in load_catalog(docs).all_categories())
    assert folders == [
        "sync-and-security",
        "sync-and-security/joplin-cloud",
        "sync-and-security/synchronisation",
        "using-joplin",
        "using-joplin/notes",
    ]
    order = [c.title for c in load_catalog(docs).categories]
    assert order == ["Using Joplin", "Sync and security"]  # the export's category positions


def test_images_in_the_export_folder_are_copied_and_remote_ones_warned_about(tmp_path: Path, docs: Path) -> None:
    export_dir = tmp_path / "export"
    (export_dir / "article_attachments" / "1").mkdir(parents=True)
    (export_dir / "article_attachments" / "1" / "shot.png").write_bytes(b"\x89PNG fake")
    body = (
        '<p>See <img src="https://acme.zendesk.com/hc/article_attachments/1/shot.png" alt="Shot"></p>'
        '<p><img src="https://cdn.example.net/remote.png" alt="Remote"></p>'
    )
    data = {
        "sections": [{"id": 5, "name": "Start"}],
        "articles": [
            {
                "id": 9,
                "title": "Shots",
                "body": body,
                "html_url": "https://a/hc/en-us/articles/9-Shots",
                "section_id": 5,
            }
        ],
    }
    (export_dir / "articles.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_help_centre("zendesk", export_dir, docs)
    assert (docs / "assets/zendesk/article_attachments/1/shot.png").read_bytes() == b"\x89PNG fake"
    text = (docs / "start" / "shots.md").read_text(encoding="utf-8")
    assert "![Shot](../assets/zendesk/article_attachments/1/shot.png)" in text
    assert "![Remote](https://cdn.example.net/remote.png)" in text
    assert any("remote image https://cdn.example.net/remote.png" in w for w in report.plan.warnings)


def test_what_cannot_be_converted_is_listed(tmp_path: Path, docs: Path) -> None:
    body = '<p>Watch:</p><iframe src="https://www.youtube.com/embed/abc"></iframe><script>x()</script>'
    data = {"articles": [{"id": 1, "title": "Video", "body": body, "html_url": "https://a/hc/en-us/articles/1-V"}]}
    file = tmp_path / "e.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    report = import_help_centre("zendesk", file, docs)
    assert any("<iframe> (https://www.youtube.com/embed/abc) was dropped" in u for u in report.plan.unconverted)
    assert "x()" not in (docs / "general" / "video.md").read_text(encoding="utf-8")
