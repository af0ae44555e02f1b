"""From the review queue to the live site: review, publish, reject, apply."""

from __future__ import annotations

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
    "Published",
    "Review",
    "apply_proposal",
    "freeze_anchors",
    "list_rejected",
    "publish_draft",
    "reject_draft",
    "review_draft",
]
