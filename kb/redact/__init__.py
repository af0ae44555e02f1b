"""Find personal data in ticket text and replace it with typed placeholders.

Resolved tickets become public drafts, so everything a customer pasted about themselves has to go
before a draft is written. :func:`redact_text` replaces each finding with ``[email]``, ``[phone]``,
``[card]``, ``[iban]``, ``[ip]``, ``[address]``, ``[name]``, ``[secret]`` or the name of a configured
pattern (``[order]``, ``[account]``) and returns a :class:`RedactionReport`: kinds and counts, never
the values, so the report can live in the draft's front matter. :func:`find_personal_data` runs the
same detectors without replacing anything, so publishing can refuse a draft that still holds any.

All functions are pure. Detectors run one after the other over a *masked* copy of the text: every
finding is blanked out (same length, so offsets stay valid) before the next detector looks. The
order is the policy — the anchored, checksum-backed patterns go first so that the looser ones
(phones, addresses, names) never see their digits or words; :mod:`kb.redact.scan` says why, case
by case.

The rules lean towards redacting: a leaked phone number cannot be unpublished, an over-eager
``[phone]`` in a draft costs an agent one edit. They still leave alone what a help article needs:
error codes (``E1042``, ``ERR_CONNECTION_RESET``, ``HTTP 503``), versions (``2.14.1``, ``v3.2``),
product names, dates, times, prices and ordinary numbers.

One module per kind of personal data, so each set of rules can be read (and tested) on its own:

- :mod:`~kb.redact.report`: :class:`Finding`, :class:`RedactionReport`, :class:`Redacted`, :func:`placeholder`
- :mod:`~kb.redact.patterns`: configured patterns (:class:`CustomPattern`, :func:`compile_patterns`)
- :mod:`~kb.redact.secrets`, :mod:`~kb.redact.emails`, :mod:`~kb.redact.financial` (IBANs, cards),
  :mod:`~kb.redact.network` (IPs), :mod:`~kb.redact.addresses`, :mod:`~kb.redact.phones`,
  :mod:`~kb.redact.names`: one detector each
- :mod:`~kb.redact.scan`: the order the detectors run in, masking, :func:`redact_text`
- :mod:`~kb.redact.text`: the mask characters, word lists, and :func:`~kb.redact.text.folded`

Most texts hold no data of most kinds, so each detector first makes a cheap test that its patterns
cannot do without (an "@", five digits in a row, the word "password") and skips them when it
fails; tests/test_redact_prechecks.py holds every such test to the pattern it stands for.
bench/redact.py measures the throughput.
"""

from kb.redact.patterns import CustomPattern, compile_patterns
from kb.redact.report import Finding, Redacted, RedactionReport, placeholder
from kb.redact.scan import KINDS, find_personal_data, redact_text

__all__ = [
    "KINDS",
    "CustomPattern",
    "Finding",
    "Redacted",
    "RedactionReport",
    "compile_patterns",
    "find_personal_data",
    "placeholder",
    "redact_text",
]
