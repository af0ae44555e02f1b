"""The synonyms file ``docs/_synonyms.yml``: groups of words or phrases that mean the same.

- [log in, sign in, login, signin]
- [publish, go live]
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.content.article import Problem

__all__ = ["SYNONYMS_FILE", "load_synonyms", "parse_synonyms"]

SYNONYMS_FILE = "_synonyms.yml"


def parse_synonyms(text: str, path: str = SYNONYMS_FILE) -> tuple[list[tuple[str, ...]], list[Problem]]:
    """Parse the file's text into groups of lowercased phrases, with problems for bad entries."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        return [], [
            Problem(
                path,
                line,
                "synonyms file is not valid YAML",
                "write one group per line: - [log in, sign in, login]",
            )
        ]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [
            Problem(
                path,
                1,
                "synonyms file must be a list of groups",
                "write one group per line: - [log in, sign in, login]",
            )
        ]
    groups: list[tuple[str, ...]] = []
    problems: list[Problem] = []
    for number, group in enumerate(data, start=1):
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(w, str) and w.strip() for w in group)
        ):
            problems.append(
                Problem(
                    path,
                    number,
                    f"synonym group {number} must list two or more phrases",
                    "write it as - [first phrase, second phrase]",
                )
            )
            continue
        groups.append(tuple(dict.fromkeys(" ".join(w.lower().split()) for w in group)))
    return groups, problems


def load_synonyms(docs_dir: Path) -> tuple[list[tuple[str, ...]], list[Problem]]:
    file = docs_dir / SYNONYMS_FILE
    if not file.is_file():
        return [], []
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(SYNONYMS_FILE, 1, f"cannot read the synonyms file: {exc}", "save it as UTF-8")]
    return parse_synonyms(text)
