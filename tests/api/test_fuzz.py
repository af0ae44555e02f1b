"""Schemathesis over the OpenAPI schema (issue 14): every endpoint, with and without tokens, gets
generated and mutated requests; none may answer 5xx, and every error has kb's JSON error shape."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

AGENT = "agent-t0ken-for-fuzzing-0123456789"
WEBHOOK = "hook-t0ken-for-fuzzing-0123456789"
EXAMPLES = 25  # per endpoint and token; CI time is shared with every other test


@pytest.fixture
def fuzz_schema(settings: Settings, write: WriteArticle, tmp_path: Path) -> schemathesis.BaseSchema:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    fuzzed = dataclasses.replace(settings, agent_token=AGENT, webhook_token=WEBHOOK, queries_per_minute=0)
    app = create_app(fuzzed)
    app.state.kb.token_failures = None  # the guessing token would lock the agent's calls out (tested elsewhere)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("fuzz_schema")


def _error_shape(response: schemathesis.Response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    if response.status_code >= 400:
        body = json.loads(response.text)
        assert set(body) == {"error"}, body
        assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str), body


TOKENS = (None, AGENT, WEBHOOK, "wrong-token-but-long-enough-000000")


@pytest.mark.timeout(600)
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_5xx_and_json_errors(case: schemathesis.Case) -> None:
    for token in TOKENS:  # each request as a visitor, an agent, the helpdesk and a guesser
        response = case.call(headers={"Authorization": f"Bearer {token}"} if token else {})
        _error_shape(response)
