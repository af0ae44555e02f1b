"""What customers asked and thought: feedback, the search log, content gaps, the report, retention."""

from __future__ import annotations

from kb.insight.charts import Bar, bar_chart
from kb.insight.feedback import MAX_COMMENT_CHARS, Vote, clean_answer_url, record_vote, validate_vote
from kb.insight.gap_actions import gap_to_draft_stub, link_gap_to_article
from kb.insight.gaps import GapGroup, find_gap, gap_groups, iso_week, question_key, resolve_gap
from kb.insight.report import DEFAULT_DAYS, Rate, Report, format_report, report_svg, usage_report
from kb.insight.retention import prune_logs
from kb.insight.searchlog import LogEntry, SearchLog

__all__ = [
    "DEFAULT_DAYS",
    "MAX_COMMENT_CHARS",
    "Bar",
    "GapGroup",
    "LogEntry",
    "Rate",
    "Report",
    "SearchLog",
    "Vote",
    "bar_chart",
    "clean_answer_url",
    "find_gap",
    "format_report",
    "gap_groups",
    "gap_to_draft_stub",
    "iso_week",
    "link_gap_to_article",
    "prune_logs",
    "question_key",
    "record_vote",
    "report_svg",
    "resolve_gap",
    "usage_report",
    "validate_vote",
]
