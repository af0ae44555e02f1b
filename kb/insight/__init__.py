"""What customers asked and thought: feedback, the search log, content gaps, the report, retention."""

from __future__ import annotations

from kb.insight.charts import Bar, bar_chart
from kb.insight.feedback import (
    MAX_COMMENT_CHARS,
    MAX_PAGE_CHARS,
    MAX_URL_CHARS,
    RateLimiter,
    Vote,
    clean_answer_url,
    record_vote,
    validate_vote,
)
from kb.insight.gaps import (
    DRAFTS_DIR,
    GapGroup,
    find_gap,
    gap_groups,
    gap_to_draft_stub,
    iso_week,
    link_gap_to_article,
    question_key,
    question_stems,
    resolve_gap,
)
from kb.insight.report import (
    DEFAULT_DAYS,
    STALE_DAYS,
    Day,
    Rate,
    RatedTarget,
    Report,
    format_report,
    report_svg,
    usage_report,
)
from kb.insight.retention import Pruned, prune_logs
from kb.insight.searchlog import LogEntry, SearchLog, mask_personal, mask_query

__all__ = [
    "DEFAULT_DAYS",
    "DRAFTS_DIR",
    "MAX_COMMENT_CHARS",
    "MAX_PAGE_CHARS",
    "MAX_URL_CHARS",
    "STALE_DAYS",
    "Bar",
    "Day",
    "GapGroup",
    "LogEntry",
    "Pruned",
    "Rate",
    "RateLimiter",
    "RatedTarget",
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
    "mask_personal",
    "mask_query",
    "prune_logs",
    "question_key",
    "question_stems",
    "record_vote",
    "report_svg",
    "resolve_gap",
    "usage_report",
    "validate_vote",
]
