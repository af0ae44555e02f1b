"""kb.text.clusters: greedy grouping of short texts by stems (tickets by problem, questions by gap)."""

from __future__ import annotations


def test_stem_clusters_join_the_most_similar_group_and_keep_first_seen_order() -> None:
    from kb.text import cluster_by_stems, jaccard

    items = ["printer blank label", "invoice export csv", "printer blank labels today", "refund", "export csv invoice"]
    groups = cluster_by_stems(items, lambda s: frozenset(w.rstrip("s") for w in s.split()), jaccard, 0.5)
    assert groups == [
        ["printer blank label", "printer blank labels today"],
        ["invoice export csv", "export csv invoice"],
        ["refund"],
    ]
    assert cluster_by_stems(items, lambda s: frozenset(s.split()), jaccard, 1.01) == [[i] for i in items]
