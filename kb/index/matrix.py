"""Each Whoosh segment's postings as numpy arrays, for scoring without Whoosh's matchers.

Whoosh stays the index of record (writer, incremental updates, stored fields, spelling), but its
matchers walk postings in pure Python: a question with one common word visits tens of thousands
of them. Here a segment's postings are one compressed-sparse-row table per field (term row →
document numbers and term frequencies) plus each document's field lengths, the layout bm25s
scores from. A segment never changes once written (deletions are kept apart), so its table is
written once next to it, as ``_MAIN_<segment>.kbterms.npz``: Whoosh's own clean-up removes it
with the segment. A full build writes the table from the documents it indexes (the workers
already hold their terms); a segment an update or a merge wrote gets its table from its postings
the first time a searcher opens it.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kb.index.schema import WHOOSH_FIELDS

__all__ = ["FIELDS", "SegmentTerms", "load_or_build", "sidecar_path", "terms_of_documents", "terms_of_reader"]

# The scored fields, in the order of every per-field array.
FIELDS = ("title", "heading", "summary", "body")
_SUFFIX = ".kbterms.npz"

Ints = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class SegmentTerms:
    """One segment's postings: ``rows[term]`` indexes ``indptr[f]`` of every field ``f``."""

    rows: Mapping[str, int]
    indptr: tuple[npt.NDArray[np.int64], ...]  # per field: row → start in docs/freqs
    docs: tuple[Ints, ...]  # per field: segment document numbers
    freqs: tuple[Floats, ...]  # per field: the term's frequency in that document's field
    lengths: Floats  # (fields, documents): terms in each document's field

    @property
    def doc_count(self) -> int:
        return int(self.lengths.shape[1])

    def postings(self, field: int, term: str) -> tuple[Ints, Floats] | None:
        row = self.rows.get(term)
        if row is None:
            return None
        start, end = int(self.indptr[field][row]), int(self.indptr[field][row + 1])
        if start == end:
            return None
        return self.docs[field][start:end], self.freqs[field][start:end]

    def save(self, path: Path) -> None:
        """Write atomically: readers in other processes may load it at any moment."""
        arrays: dict[str, Any] = {"terms": np.array(list(self.rows), dtype=np.str_), "lengths": self.lengths}
        for number in range(len(FIELDS)):
            arrays[f"indptr{number}"] = self.indptr[number]
            arrays[f"docs{number}"] = self.docs[number]
            arrays[f"freqs{number}"] = self.freqs[number]
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".kbterms-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(buffer.getvalue())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> SegmentTerms:
        with np.load(path, allow_pickle=False) as data:
            terms = data["terms"].tolist()
            count = len(FIELDS)
            return cls(
                rows={term: row for row, term in enumerate(terms)},
                indptr=tuple(data[f"indptr{n}"] for n in range(count)),
                docs=tuple(data[f"docs{n}"] for n in range(count)),
                freqs=tuple(data[f"freqs{n}"] for n in range(count)),
                lengths=data["lengths"],
            )


def _table(
    term_ids: npt.NDArray[np.int64], doc_ids: npt.NDArray[np.int64], terms: int, documents: int
) -> tuple[npt.NDArray[np.int64], Ints, Floats]:
    """CSR of one field from its (term, document) occurrences: each pair once, with its count."""
    keys, counts = np.unique(term_ids * max(documents, 1) + doc_ids, return_counts=True)
    rows = keys // max(documents, 1)
    indptr = np.searchsorted(rows, np.arange(terms + 1), side="left").astype(np.int64)
    return indptr, (keys % max(documents, 1)).astype(np.int32), counts.astype(np.float32)


def terms_of_documents(documents: Sequence[Mapping[str, Sequence[str]]]) -> SegmentTerms:
    """The table of a segment from its documents' analysed terms (``documents[n][field]``), in
    the order the segment numbers them."""
    rows: dict[str, int] = {}
    row_of = rows.setdefault
    lengths = np.zeros((len(FIELDS), len(documents)), dtype=np.float32)
    occurrences: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    for number, field in enumerate(FIELDS):
        term_ids: list[int] = []
        sizes: list[int] = []
        for document in documents:
            terms = document.get(field, ())
            term_ids.extend([row_of(term, len(rows)) for term in terms])
            sizes.append(len(terms))
        lengths[number] = sizes
        doc_ids = np.repeat(np.arange(len(documents), dtype=np.int64), sizes)
        occurrences.append((np.array(term_ids, dtype=np.int64), doc_ids))
    tables = [_table(t, d, len(rows), len(documents)) for t, d in occurrences]
    return SegmentTerms(
        rows=rows,
        indptr=tuple(t[0] for t in tables),
        docs=tuple(t[1] for t in tables),
        freqs=tuple(t[2] for t in tables),
        lengths=lengths,
    )


def terms_of_reader(reader: Any) -> SegmentTerms:
    """The table of one Whoosh segment read back from its postings (``reader`` is the segment's
    reader; deleted documents are included, as their numbers stay taken)."""
    documents = int(reader.doc_count_all())
    rows: dict[str, int] = {}
    per_field: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]] = []
    lengths = np.zeros((len(FIELDS), documents), dtype=np.float32)
    for number, field in enumerate(FIELDS):
        term_ids: list[int] = []
        doc_ids: list[int] = []
        weights: list[float] = []
        field = WHOOSH_FIELDS[field]
        if field in reader.indexed_field_names():
            boost = (
                float(getattr(reader.schema[field].format, "field_boost", 1.0)) or 1.0
            )  # Whoosh stores weight times the boost
            for term in reader.lexicon(field):
                text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                row = rows.setdefault(text, len(rows))
                matcher = reader.postings(field, term)
                while matcher.is_active():
                    term_ids.append(row)
                    doc_ids.append(matcher.id())
                    weights.append(round(matcher.weight() / boost))
                    matcher.next()
            lengths[number] = [reader.doc_field_length(n, field, 0) or 0 for n in range(documents)]
        per_field.append(
            (np.array(term_ids, dtype=np.int64), np.array(doc_ids, dtype=np.int64), np.array(weights, np.float32))
        )
    indptrs, docs, freqs = [], [], []
    for term_ids_, doc_ids_, weights_ in per_field:
        order = np.lexsort((doc_ids_, term_ids_))
        indptrs.append(np.searchsorted(term_ids_[order], np.arange(len(rows) + 1), side="left").astype(np.int64))
        docs.append(doc_ids_[order].astype(np.int32))
        freqs.append(weights_[order])
    return SegmentTerms(rows, tuple(indptrs), tuple(docs), tuple(freqs), lengths)


def sidecar_path(folder: Path, segment: Any) -> Path:
    """Where the table of ``segment`` lives: named like the segment's own files, so Whoosh
    deletes it when the segment goes."""
    return folder / str(segment.make_filename(_SUFFIX))


def load_or_build(folder: Path, reader: Any) -> SegmentTerms:
    """The table of the segment ``reader`` reads: from its file, or built and saved."""
    path = sidecar_path(folder, reader.segment())
    try:
        return SegmentTerms.load(path)
    except (FileNotFoundError, ValueError, KeyError, OSError):
        table = terms_of_reader(reader)
        with contextlib.suppress(OSError):  # a read-only data dir still searches
            table.save(path)
        return table
