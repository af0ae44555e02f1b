"""Which questions are the same gap: each question key is assigned once, for good, to a group.

A new question joins the group whose first question (its head) it is very close to: at most one
stem more or less, typos forgiven for longer words. Otherwise it heads a group of its own. The
assignment is stored (``question_group``: key, stems, head, seq), so the gap queue sums counts by
head in SQL instead of clustering every question on every page.

Each process keeps the heads in memory (stem postings) and reads the ones other processes added
since (``seq``) inside the same ``BEGIN IMMEDIATE`` transaction that assigns, so two server
workers never put one question in two groups.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kb.store import Connection
from kb.text import one_edit

__all__ = ["assign_groups", "close_questions", "heads_of"]

#: How many candidate heads (those sharing the most stems) are compared with a new question.
CANDIDATES = 20
#: A stem in more heads than this is too common to suggest candidates (unless it is all there is).
MAX_POSTING = 2000


def _close_enough(matched: int, a: int, b: int) -> bool:
    union = a + b - matched
    return matched >= 1 and (matched / union >= 0.75 or (min(a, b) >= 2 and union - matched == 1))


def close_questions(a: frozenset[str], b: frozenset[str]) -> bool:
    """Very close stem sets: at most one stem more or less, typos forgiven for longer words."""
    if not a or not b:
        return False
    exact = len(a & b)
    only_a, only_b = a - b, b - a
    if _close_enough(exact, len(a), len(b)):
        return True
    if not _close_enough(exact + min(len(only_a), len(only_b)), len(a), len(b)):
        return False  # not even if every leftover stem were a typo of another
    unmatched = set(only_b)
    typos = 0
    for stem in only_a:
        twin = next((o for o in unmatched if len(stem) >= 5 and one_edit(stem, o)), None)
        if twin is not None:
            unmatched.discard(twin)
            typos += 1
    return _close_enough(exact + typos, len(a), len(b))


@dataclass
class _Heads:
    """One database's group heads as this process knows them."""

    seq: int = 0
    stems: dict[str, frozenset[str]] = field(default_factory=dict)
    postings: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, head: str, stems: frozenset[str]) -> None:
        self.stems[head] = stems
        for stem in stems:
            self.postings[stem].append(head)

    def best(self, stems: frozenset[str]) -> str | None:
        """The head ``stems`` is close to, sharing the most stems (then the oldest), or None."""
        lists = [self.postings.get(stem, []) for stem in stems]
        usable = [posting for posting in lists if len(posting) <= MAX_POSTING]
        if not usable and lists:
            usable = [min(lists, key=len)]
        shared: Counter[str] = Counter()
        for posting in usable:
            shared.update(posting)
        for head, _count in shared.most_common(CANDIDATES):
            if close_questions(stems, self.stems[head]):
                return head
        return None


_guard = threading.Lock()
_known: dict[str, _Heads] = {}


def _heads(db: Connection) -> _Heads:
    """This process's heads of ``db``, brought up to date (call inside the write transaction)."""
    key = db.database.url
    heads = _known.get(key)
    top = db.execute("SELECT COALESCE(MAX(seq), 0) FROM question_group").fetchone()[0]
    if heads is None or top < heads.seq:  # new, or the database was replaced
        heads = _known[key] = _Heads()
    for head, stems, seq in db.execute(
        "SELECT key, stems, seq FROM question_group WHERE seq > ? AND key = head ORDER BY seq", (heads.seq,)
    ):
        heads.add(head, frozenset(stems.split()))
        heads.seq = seq
    heads.seq = max(heads.seq, top)
    return heads


def heads_of(db: Connection, keys: Iterable[str]) -> dict[str, str]:
    """The group head of each of ``keys`` that has one."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(f"SELECT key, head FROM question_group WHERE key IN ({marks})", chunk).fetchall())
    return found


def assign_groups(db: Connection, stems: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Give each question key of ``stems`` a group, once; returns every key's head.

    Run inside a ``BEGIN IMMEDIATE`` transaction (the caller's)."""
    heads_by_key = heads_of(db, stems)
    new = [key for key in stems if key not in heads_by_key]
    if not new:
        return heads_by_key
    with _guard:
        heads = _heads(db)
        rows = []
        for key in new:  # the caller's order: most asked first, so they head the groups
            words = stems[key]
            head = heads.best(words) or key
            heads.seq += 1
            rows.append((key, " ".join(sorted(words)), head, heads.seq))
            if head == key:
                heads.add(key, words)
            heads_by_key[key] = head
        db.executemany("INSERT INTO question_group (key, stems, head, seq) VALUES (?, ?, ?, ?)", rows)
    return heads_by_key
