"""A help centre with no article yet (a new install, or every article still a draft): the Ask box,
search and search as you type answer "nothing yet" instead of failing, and the first article
published is found."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import SectionIndex, build_index
from search_api import create_app
from tests.support.docs import WriteArticle


def test_an_empty_help_centre_answers_no_answer_and_finds_nothing(settings: Settings) -> None:
    build_index(settings)
    client = TestClient(create_app(settings))
    answer = client.get("/api/answer", params={"q": "how do I reset my password"})
    assert answer.status_code == 200
    assert answer.json()["answer"] is None and answer.json()["results"] == []
    search = client.get("/api/search", params={"q": "reset password"})
    assert search.status_code == 200 and search.json()["results"] == []
    suggest = client.get("/api/suggest", params={"q": "res"})
    assert suggest.status_code == 200 and suggest.json()["suggestions"] == []


def test_the_first_article_of_an_empty_help_centre_is_found(settings: Settings, write: WriteArticle) -> None:
    build_index(settings)
    index = SectionIndex.open(settings)
    try:
        assert index.search("export invoices").hits == ()
        write("billing/export-invoices.md")
        build_index(settings)
        index.refresh(force=True)
        assert [hit.path for hit in index.search("export invoices").hits][:1] == ["billing/export-invoices.md"]
    finally:
        index.close()
