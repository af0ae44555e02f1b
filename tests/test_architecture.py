"""The shape of the code: package rules (import-linter), the public names of each package, light imports.

Like HTTPX's tests/test_exported_members.py: a package's public API changes only on purpose, with
this list, never by accident in a refactor.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

EXPORTED = {
    "kb": [
        "Answer", "Article", "BuildResult", "Catalog", "Category", "KBError", "Problem", "Section", "Settings",
        "answer_question", "build_site", "check_docs", "load_article", "load_catalog", "load_settings",
        "parse_article",
    ],
    "kb.answers": [
        "QUESTIONS_FILE", "UNANSWERABLE_FILE", "Answer", "Evaluation", "GoldQuestion", "answer_f1",
        "answer_from_results", "answer_message", "answer_question", "concept_coverage", "evaluate", "evaluate_docs",
        "load_questions", "load_unanswerable", "read_message", "regression_questions", "text_fragment_url",
    ],
    "kb.authoring": [
        "PLACEHOLDER_SUMMARY", "StaleArticle", "check_docs", "check_links", "has_errors", "new_article",
        "slugify_title", "stale_articles", "verify_article",
    ],
    "kb.content": [
        "Article", "Catalog", "Category", "DRAFTS_DIR", "FileVersion", "HeadingParser", "MAX_SUMMARY_CHARS",
        "Problem", "Section", "Sources", "article_url", "cache_path", "category_folders", "count_problems",
        "docs_path", "drafts_dir", "edit_front_matter", "explicit_ids", "is_hidden", "is_published_path",
        "is_valid_id", "iter_article_files", "load_article", "load_catalog", "load_sources", "load_synonyms",
        "parse_article", "resolve_link", "scan_docs", "slug", "split_front_matter", "trusted", "update_front_matter",
    ],
    "kb.drafting": [
        "Conversation", "DraftInfo", "IngestOutcome", "IngestSummary", "MAX_DRAFT_CHARS", "PLACEHOLDER_SOLUTION",
        "add_provenance", "check_version", "clean_message", "compose_draft", "conversations", "draft_etag",
        "draft_info", "escape_markdown", "find_draft", "informative_sentences", "ingest_file", "ingest_payload",
        "ingest_tickets", "is_symptom", "list_drafts", "queue_lock", "read_draft_meta", "record_conversations",
        "redact_ticket", "resolution_steps", "save_draft", "summary_from_steps", "task_title", "write_draft",
    ],
    "kb.importing": [
        "Conversion", "Existing", "ImportPlan", "ImportReport", "ImportedArticle", "ImportedCategory",
        "ImportedExport", "LinkIndex", "PlannedFile", "RecordError", "SOURCES", "convert_article", "heading_anchors",
        "import_help_centre", "load_category_map", "plan_import", "read_export", "scan_docs_for_imports",
    ],
    "kb.index": [
        "Concept", "Hit", "IndexStats", "QUESTION_WORDS", "SearchResults", "SectionIndex", "Suggestion",
        "build_index", "current_index_dir", "embedding_text", "snippet", "stems_of", "update_articles", "word_stem",
        "words_of", "write_lock",
    ],
    "kb.insight": [
        "Bar", "DEFAULT_DAYS", "GapGroup", "LogEntry", "MAX_COMMENT_CHARS", "Rate", "Report", "SearchLog", "Vote",
        "bar_chart", "clean_answer_url", "find_gap", "format_report", "gap_groups", "gap_to_draft_stub", "iso_week",
        "link_gap_to_article", "prune_logs", "question_key", "record_vote", "report_svg", "resolve_gap",
        "usage_report", "validate_vote",
    ],
    "kb.permalinks": [
        "MANIFEST_FILE", "Manifest", "PageRecord", "add_page_redirect", "anchor_maps", "anchor_script",
        "dump_manifest", "follow_redirects", "load_manifest", "load_published", "manifest_lock", "manifest_problems",
        "move_article", "new_article_id", "page_path", "page_url", "parse_manifest", "read_manifest",
        "record_articles", "record_published", "redirect_anchor", "redirect_file", "redirect_html", "redirect_page",
        "redirect_page_target", "redirect_targets", "write_redirect_pages",
    ],
    "kb.redact": [
        "CustomPattern", "Finding", "KINDS", "Redacted", "RedactionReport", "compile_patterns", "find_personal_data",
        "placeholder", "redact_text",
    ],
    "kb.review": [
        "LiveArticle", "LiveEdit", "Published", "Review", "Version", "apply_proposal", "diff_html", "diff_lines",
        "edit_live", "freeze_anchors", "freeze_renamed", "history_kind", "list_rejected", "list_versions",
        "publish_draft", "record_version", "reject_draft", "review_draft", "review_live", "rollback_live",
        "version_text",
    ],
    "kb.site": [
        "BuildReport", "BuildResult", "Followed", "Follower", "KB_MODULES", "announce", "apply_nav", "build_docs",
        "build_site", "docs_fingerprint", "follow_once", "nav_sections", "prepare", "render_markdown",
        "replica_name", "start_mark", "state_path", "update_site", "update_sites",
    ],
    "kb.store": [
        "Buckets", "Change", "Connection", "ContentEvent", "Database", "DatabaseError", "MemoryBuckets",
        "MemorySignOuts", "SchemaState", "SharedBuckets", "SharedSignOuts", "SignOuts", "connect", "database_for",
        "docs_lock", "ensure_current", "events_after", "file_lock", "forget_journaled", "latest_event_id",
        "new_file_mode", "prune_events", "read_journaled", "record_event", "schema_state", "sqlite_url",
        "upgrade_schema", "write_bytes_atomic", "write_journaled", "write_new_file", "write_text_atomic",
    ],
    "kb.semantic": [
        "DIMENSIONS", "Encoder", "MAX_TOKENS", "VectorCache", "Vectors", "WordVectors", "digest", "encoder", "knows",
        "loaded", "model_dir", "model_id", "word_vectors",
    ],
    "kb.text": [
        "ACKNOWLEDGEMENTS", "EMPATHY", "ENGLISH_STOP_WORDS", "GREETINGS", "OFFERS", "SIGNOFFS", "asking_sentence",
        "cluster_by_stems", "jaccard", "load_english", "markdown_to_text", "meant_as_typed", "one_edit", "one_slip",
        "paragraphs", "phrase_pattern", "refers_back", "split_message", "split_sentences", "standalone_question",
        "without_pleasantries",
    ],
    "kb.team": [
        "Agent", "AuditEntry", "MIN_PASSWORD_CHARS", "ROLES", "Role", "SHARED_ADMIN", "add_agent",
        "agent_for_password", "agent_for_token", "any_agents", "check_role", "cli_agent", "disable_agent",
        "find_agent", "list_agents", "read_audit", "record", "record_change", "reset_token", "server_secret",
        "set_password",
    ],
    "kb.tickets": [
        "ImportResult", "Message", "RecordError", "Ticket", "detect_format", "has_new_issue_tag", "html_to_text",
        "is_new_issue_tag", "load_tickets", "normalise_status", "parse_ticket_payload", "parse_tickets", "qualifies",
    ],
}

@pytest.mark.parametrize("package", sorted(EXPORTED))
def test_each_package_exports_exactly_its_public_names(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == sorted(EXPORTED[package])
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name} is exported but missing"


def test_every_kb_module_lives_in_a_concept_package() -> None:
    flat = sorted(p.name for p in (ROOT / "kb").glob("*.py"))
    assert flat == ["__init__.py", "config.py", "errors.py", "progress.py"]  # cross-cutting: every layer may use them
    packages = sorted(p.name for p in (ROOT / "kb").iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted({name.split(".")[1] for name in EXPORTED if "." in name} | {"cli"})


def test_the_import_rules_hold() -> None:
    """Layers, and only kb.index imports Whoosh, kb.site MkDocs, kb.cli Typer; kb never imports the API."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_importing_kb_or_its_cli_loads_neither_whoosh_nor_mkdocs() -> None:
    """``kb --help`` and light commands start fast: heavy packages load in the commands that use them."""
    code = (
        "import sys, kb, kb.config, kb.errors, kb.cli\n"
        "print(sorted(m for m in ('whoosh', 'mkdocs', 'fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    import kb

    assert kb.load_settings is importlib.import_module("kb.config").load_settings  # lazy, but the same object


def test_the_package_data_that_pyproject_lists_exists() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for package, patterns in config["tool"]["setuptools"]["package-data"].items():
        for pattern in patterns:
            assert list((ROOT / package).glob(pattern)), f"{package}/{pattern} matches no file"
    plugin = config["project"]["entry-points"]["mkdocs.plugins"]["kb"]
    module, _, name = plugin.partition(":")
    assert getattr(importlib.import_module(module), name).__name__ == name
