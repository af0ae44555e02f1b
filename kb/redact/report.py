"""The values redaction returns: findings, the report of what was removed, the redacted text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kb.errors import ContentError

__all__ = ["Finding", "Redacted", "RedactionReport", "placeholder"]


def placeholder(kind: str) -> str:
    """The text that replaces a finding of ``kind``: ``[email]``, ``[order]``, ..."""
    return f"[{kind}]"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it is (``text[start:end]``)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionReport:
    """What a redaction removed: kind → count. It never holds the values themselves.

    Reports add up (``a + b``, ``a.merge(b, c)``, ``sum(reports, RedactionReport())``), so a
    ticket's report is the sum of its messages' reports. ``as_dict()`` is the stable form for
    front matter and JSON: kinds sorted, zero counts left out, e.g. ``{"email": 2, "phone": 1}``.
    """

    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clean: dict[str, int] = {}
        for kind, count in sorted(self.counts.items()):
            if not isinstance(kind, str) or isinstance(count, bool) or not isinstance(count, int):
                raise TypeError(f"a redaction report maps kinds to counts, got {kind!r}: {count!r}")
            if count < 0:
                raise ValueError(f"a redaction count cannot be negative: {kind}={count}")
            if count:
                clean[kind] = count
        # A read-only view keeps the frozen dataclass honest: nobody can bump a count in place.
        object.__setattr__(self, "counts", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash(tuple(self.counts.items()))

    def __reduce__(self) -> tuple[type[RedactionReport], tuple[dict[str, int]]]:
        # The read-only view does not pickle; a big import sends reports between processes.
        return (RedactionReport, (dict(self.counts),))

    @classmethod
    def from_findings(cls, findings: Iterable[Finding]) -> RedactionReport:
        return cls(Counter(finding.kind for finding in findings))

    @classmethod
    def from_dict(cls, data: object) -> RedactionReport:
        """Read a report back from front matter or JSON; raises ``ContentError`` if malformed."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in data.items()
        ):
            raise ContentError(
                f"a redaction report must map kinds to counts, got {data!r}",
                'write it as e.g. redaction: {"email": 2, "phone": 1}',
            )
        return cls(dict(data))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def merge(self, *others: RedactionReport) -> RedactionReport:
        combined: Counter[str] = Counter(self.counts)
        for other in others:
            combined.update(other.counts)
        return RedactionReport(combined)

    def __add__(self, other: object) -> RedactionReport:
        if not isinstance(other, RedactionReport):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: object) -> RedactionReport:
        # Lets plain ``sum(reports)`` work: it starts from the integer 0.
        if other == 0:
            return self
        return NotImplemented

    def __bool__(self) -> bool:
        return bool(self.counts)

    def as_dict(self) -> dict[str, int]:
        return dict(self.counts)


@dataclass(frozen=True)
class Redacted:
    """Redacted text and the report of what was taken out of it."""

    text: str
    report: RedactionReport
