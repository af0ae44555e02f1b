"""kb.text.lexicon: drafting and redaction know the same greetings and sign-offs."""

from __future__ import annotations

import pytest

from kb.drafting import clean_message
from kb.redact import redact_text
from kb.text import GREETINGS, SIGNOFFS


@pytest.mark.parametrize("greeting", ["Moin", "Servus", "Hola", "Good day", "Bonsoir"])
def test_every_greeting_is_cut_from_drafts_and_its_name_redacted(greeting: str) -> None:
    assert greeting.lower() in GREETINGS
    message = f"{greeting} Anneliese,\nThe export button does nothing since the update.\n"
    assert clean_message(message) == "The export button does nothing since the update."
    assert "Anneliese" not in redact_text(message).text


@pytest.mark.parametrize("signoff", ["Saludos", "Vielen Dank", "Merci beaucoup", "Kind regards", "Take care"])
def test_every_signoff_ends_the_draft_text_and_its_name_is_redacted(signoff: str) -> None:
    assert signoff.lower() in SIGNOFFS
    message = f"The export button does nothing since the update.\n\n{signoff},\nGwendolyn Abernathy\n"
    assert clean_message(message) == "The export button does nothing since the update."
    assert "Gwendolyn" not in redact_text(message).text
