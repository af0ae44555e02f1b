"""Calibrate the duplicate check (``duplicate_threshold``) on the bundled docs.

    python bench/duplicates.py

Ticket subjects that the docs cover are the 161 quality questions (their gold article is known);
subjects the docs do not cover are the off-topic questions plus new-problem subjects typical of a
helpdesk. For each threshold: how many covered subjects would become a proposal for the right
article, for a wrong one, and how many uncovered ones would wrongly become a proposal.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from kb.answers import answer_from_results
from kb.config import load_settings
from kb.index import SectionIndex, build_index

ROOT = Path(__file__).resolve().parent.parent
NEW_PROBLEMS = (
    "Printer shows offline after firmware update", "App crashes on startup after update 4.2.1",
    "Two-factor codes rejected", "Export to CSV fails with ERR_EXPORT_42", "Label printer prints blank labels",
    "VPN drops every 5 minutes", "Webcam not detected in meeting app", "Sync stops at 99 percent",
    "Invoice PDF shows wrong currency", "Password reset email never arrives",
    "Search returns no results after upgrade", "Draft import fails with UnicodeDecodeError",
    "kb serve crashes when port 8000 is busy", "Ask box shows a spinner forever",
)  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(ROOT / "docs", docs)
        settings = load_settings(ROOT).with_paths(docs, Path(tmp) / "site", Path(tmp) / "data")
        build_index(settings)
        index = SectionIndex.open(settings)
        covered = yaml.safe_load((ROOT / "tests/data/questions.yml").read_text(encoding="utf-8"))
        offtopic = yaml.safe_load((ROOT / "tests/data/offtopic.yml").read_text(encoding="utf-8"))
        uncovered = [q if isinstance(q, str) else q["question"] for q in offtopic] + list(NEW_PROBLEMS)
        print(f"{len(covered)} covered subjects, {len(uncovered)} uncovered")
        for threshold in (0.4, 0.5, 0.6, 0.7):

            def proposal(subject: str, threshold: float = threshold) -> str | None:
                answer = answer_from_results(index.covering(subject, threshold), threshold, measure="match")
                return answer.source.path if answer.source else None

            right = wrong = 0
            for item in covered:
                target = proposal(item["question"])
                right += target == item["article"]
                wrong += target is not None and target != item["article"]
            false_alarms = sum(1 for subject in uncovered if proposal(subject))
            print(
                f"threshold {threshold}: proposals for the right article {right}, for a wrong article {wrong}, "
                f"uncovered subjects turned into proposals {false_alarms}/{len(uncovered)}"
            )
        index.close()


if __name__ == "__main__":
    main()
