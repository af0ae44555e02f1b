"""An article's history: git commits with the agent as author, or the versions folder; diffs."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from kb.config import Settings
from kb.index import build_index
from kb.review import (
    diff_html,
    diff_lines,
    edit_live,
    history_kind,
    list_versions,
    publish_draft,
    record_version,
    rollback_live,
    version_text,
)
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

PATH = "billing/export-invoices.md"
ARTICLE = (
    "---\ntitle: Export invoices\nsummary: Open Billing and click Export.\nid: exinv\n---\n# Export invoices\n\n"
    "## Export to CSV {#export-to-csv}\n\nOpen Billing and click Export.\n"
)


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no user configured (no global or system config), as on a fresh server."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/_category.yml", "title: Billing\n")
    write(PATH, ARTICLE)
    build_index(settings)
    return settings


@pytest.fixture
def repo(site: Settings, isolated_git: None) -> Settings:
    """The docs folder's parent is a git repository with everything committed by a writer."""
    root = site.docs_dir.parent
    git(root, "init", "-q")
    git(root, "add", "docs")
    git(root, "-c", "user.name=Wren Writer", "-c", "user.email=wren@example.com", "commit", "-q", "-m", "Start")
    (root / "untracked-notes.txt").write_text("not kb's business\n")
    return site


def test_without_git_versions_are_kept_in_the_database_for_every_replica(site: Settings, tmp_path: Path) -> None:
    assert history_kind(site) == "versions"
    edit_live(site, PATH, agent="ann", summary="Open Billing, then Export.")
    assert not (site.data_dir / "versions").exists()  # nothing in one replica's own data dir
    versions = list_versions(site, PATH)
    assert [v.agent for v in versions] == ["ann", "kb"]
    assert version_text(site, PATH, versions[1].id) == ARTICLE
    assert "Open Billing, then Export." in version_text(site, PATH, versions[0].id)
    # Another replica (its own data dir, the same database and docs) sees the same history.
    other = dataclasses.replace(site.with_paths(data_dir=tmp_path / "other"), database_url=site.database)
    assert other.data_dir != site.data_dir
    assert [(v.id, v.agent) for v in list_versions(other, PATH)] == [(v.id, v.agent) for v in versions]
    edit_live(site, PATH, agent="ann", summary="Open Billing, then Export.")  # the same text again
    assert len(list_versions(site, PATH)) == 2  # no duplicate version


def test_in_git_each_edit_is_a_commit_of_that_file_by_the_agent(repo: Settings) -> None:
    root = repo.docs_dir.parent
    assert history_kind(repo) == "git"
    (root / "docs" / "billing" / "other.md").write_text("---\ntitle: Other\nsummary: Not mine at all.\n---\n# Other\n")
    edit_live(repo, PATH, agent="Sam Agent", summary="Open Billing, then Export.")
    log = git(root, "log", "--format=%an|%ae|%cn|%s").splitlines()
    assert log[0].startswith("Sam Agent|sam-agent@kb.invalid|kb|Edited") and log[1].startswith("Wren Writer|")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [f"docs/{PATH}"]  # only that file
    assert "other.md" in git(root, "status", "--porcelain")  # others' work is left alone
    versions = list_versions(repo, PATH)
    assert [v.agent for v in versions] == ["Sam Agent", "Wren Writer"]
    assert version_text(repo, PATH, versions[1].id) == ARTICLE
    rollback_live(repo, PATH, versions[1].id, agent="Ann")
    assert git(root, "log", "-1", "--format=%an %s").startswith("Ann Rolled back")
    assert len(list_versions(repo, PATH)) == 3
    assert not (repo.data_dir / "versions").exists()


def test_a_hand_made_change_is_committed_before_the_agents_edit(repo: Settings) -> None:
    root = repo.docs_dir.parent
    (repo.docs_dir / PATH).write_text(ARTICLE.replace("click Export", "click Export now"))
    edit_live(repo, PATH, agent="sam", title="Export your invoices")
    authors = git(root, "log", "--format=%an", "--", f"docs/{PATH}").split("\n")
    assert authors[:3] == ["sam", "kb", "Wren Writer"]


def test_publish_commits_the_new_article(repo: Settings, write: WriteArticle) -> None:
    write("_drafts/label-printer.md", draft_text())
    result = publish_draft(repo, "label-printer", reviewed_by="pablo")
    root = repo.docs_dir.parent
    assert git(root, "log", "-1", "--format=%an %s").startswith("pablo Published")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [f"docs/{result.path}"]


def test_a_failing_commit_never_fails_the_publish(repo: Settings, write: WriteArticle) -> None:
    hook = repo.docs_dir.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by policy >&2\nexit 1\n")
    hook.chmod(0o755)
    write("_drafts/label-printer.md", draft_text())
    result = publish_draft(repo, "label-printer", reviewed_by="pablo")
    assert (repo.docs_dir / result.path).is_file()
    edited = edit_live(repo, result.path, agent="pablo", summary="Set Darkness to 12 in Printer settings.")
    assert edited.changed and "refused by policy" in edited.warning


def test_without_the_git_program_history_falls_back_to_the_versions_folder(
    repo: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert history_kind(repo) == "versions"
    assert record_version(repo, PATH, agent="sam", message="kept") == ""
    assert [v.agent for v in list_versions(repo, PATH)] == ["sam"]


def test_version_ids_cannot_reach_other_files(site: Settings, repo: Settings) -> None:
    for bad in ("--output=/tmp/x", "HEAD", "../../x", "HEAD:../../etc/passwd"):
        with pytest.raises(Exception, match="no version"):
            version_text(repo, PATH, bad)


def test_the_diff_is_escaped_html() -> None:
    old = "# A\n\nKeep.\nOld <b>line</b> & more\n"
    new = "# A\n\nKeep.\nNew <script>alert(1)</script>\n"
    html = diff_html(old, new)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<del>- Old &lt;b&gt;line&lt;/b&gt; &amp; more</del>" in html
    assert "<ins>+ New &lt;script&gt;" in html
    kinds = [kind for kind, _ in diff_lines(old, new)]
    assert kinds.count("add") == 1 and kinds.count("del") == 1 and "same" in kinds
    assert "are the same" in diff_html(old, old)
