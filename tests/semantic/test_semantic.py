"""kb.semantic: the packaged embedding model and the vectors cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.semantic import DIMENSIONS, VectorCache, encoder, knows, model_id
from kb.semantic import cache as cache_module


def test_texts_become_unit_vectors_that_put_paraphrases_close() -> None:
    vectors = encoder(1).encode(
        ["I forgot my password", "How do I reset my password?", "Export invoices to a spreadsheet"]
    )
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > 0.5 > other


def test_a_text_gets_the_same_vector_whatever_it_is_embedded_with() -> None:
    texts = ["short", "a rather longer sentence about syncing notes between two phones", ""]
    together = encoder(1).encode(texts)
    for row, text in enumerate(texts):
        assert np.array_equal(encoder(2).encode([text])[0], together[row])


def test_long_texts_are_cut_not_refused() -> None:
    vector = encoder(1).encode(["word " * 5000])
    assert vector.shape == (1, DIMENSIONS) and np.isfinite(vector).all()


def test_the_cache_embeds_each_text_once_and_keeps_it_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "vectors.sqlite3"
    first = VectorCache(path).vectors(["open the billing page", "choose export"])
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (model_id(),)).fetchone() == (2,)
    # A new process has an empty memory and no model loaded: the file answers.
    monkeypatch.setattr(cache_module, "_MEMORY", type(cache_module._MEMORY)())
    monkeypatch.setattr(cache_module, "encoder", lambda threads=1: pytest.fail("embedded again"))
    again = VectorCache(path).vectors(["choose export", "open the billing page"])
    assert np.allclose(again[0], first[1], atol=1e-3) and np.allclose(again[1], first[0], atol=1e-3)


def test_prune_forgets_texts_no_section_has(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "vectors.sqlite3")
    cache.vectors(["kept text", "gone text"])
    assert cache.prune(["kept text"]) == 1
    with sqlite3.connect(tmp_path / "vectors.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone() == (1,)


def test_a_data_dir_that_cannot_be_written_still_gets_vectors(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    vectors = VectorCache(blocked / "vectors.sqlite3").vectors(["still searchable"])
    assert vectors.shape == (1, DIMENSIONS) and abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-2


def test_a_damaged_cache_file_is_not_fatal_and_is_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "vectors.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    vectors = VectorCache(path).vectors(["a question"])
    assert vectors.shape == (1, DIMENSIONS)
    assert f"{path}: cannot keep the sections' embeddings there" in caplog.text
    assert "Delete the file" in caplog.text


def test_preload_remembers_the_file_so_searches_read_nothing_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "vectors.sqlite3"
    made = VectorCache(path).vectors(["pair the devices", "remove a device"], persist=True)
    monkeypatch.setattr(cache_module, "_MEMORY", type(cache_module._MEMORY)())  # a new process
    cache = VectorCache(path)
    assert cache.preload() == 2
    monkeypatch.setattr(cache, "_stored", lambda *args, **kwargs: pytest.fail("read the file again"))
    monkeypatch.setattr(cache_module, "encoder", lambda threads=1: pytest.fail("embedded again"))
    assert np.allclose(cache.vectors(["remove a device"])[0], made[1], atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_a_customer_types_gets_a_finite_unit_vector(text: str) -> None:
    vector = encoder(1).encode([text])[0]
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("stuck", True),
        ("reminders", True),  # reminder + s
        ("publicly", True),
        ("dont", True),  # a negation typed without its apostrophe is no misspelling
        ("cant", True),
        ("stck", False),
        ("encyption", False),
        ("notbook", False),
    ],
)
def test_the_model_knows_english_words_and_not_misspellings(word: str, known: bool) -> None:
    assert knows(word) is known
