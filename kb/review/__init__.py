"""From the review queue to the live site: review, publish, reject, apply; live edits and their history."""

from __future__ import annotations

from kb.review.history import Version, diff_html, diff_lines, history_kind, list_versions, record_version, version_text
from kb.review.live_edits import LiveArticle, LiveEdit, edit_live, freeze_renamed, review_live, rollback_live
from kb.review.publish import (
    Published,
    Review,
    apply_proposal,
    freeze_anchors,
    list_rejected,
    publish_draft,
    reject_draft,
    review_draft,
)

__all__ = [
    "LiveArticle",
    "LiveEdit",
    "Published",
    "Review",
    "Version",
    "apply_proposal",
    "diff_html",
    "diff_lines",
    "edit_live",
    "freeze_anchors",
    "freeze_renamed",
    "history_kind",
    "list_rejected",
    "list_versions",
    "publish_draft",
    "record_version",
    "reject_draft",
    "review_draft",
    "review_live",
    "rollback_live",
    "version_text",
]
