"""Killing ``kb publish`` at any moment leaves the draft or the article (never neither), a clean
``kb check``, and a publish that a second run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from kb.authoring import check_docs, has_errors
from kb.config import Settings
from kb.index import build_index
from kb.review import publish_draft
from kb.site import build_site
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.paths import ROOT

DELAYS = (0.0, 0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.6)


def test_a_killed_publish_loses_nothing(settings: Settings, write: WriteArticle) -> None:
    write("billing/export-invoices.md")
    build_index(settings)
    build_site(settings, site_dir=settings.data_dir / "preview", drafts=True)  # publish updates it: a long window
    env = {**os.environ, "KB_DATA_DIR": str(settings.data_dir), "KB_DOCS_DIR": str(settings.docs_dir)}
    outcomes = []
    for number, delay in enumerate(DELAYS):
        name = f"crash-{number}"
        title = f"Fix: widget {chr(ord('a') + number)} flickers"
        write(f"_drafts/{name}.md", draft_text(title=title).replace("'5150'", f"'{900 + number}'"))
        draft = settings.docs_dir / "_drafts" / f"{name}.md"
        article = settings.docs_dir / "billing" / f"fix-widget-{chr(ord('a') + number)}-flickers.md"
        process = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "publish", name], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert draft.exists() or article.exists(), f"killed after {delay} s: both are gone"
        problems = check_docs(settings.docs_dir)
        assert not has_errors(problems), (delay, problems)
        outcomes.append((draft.exists(), article.exists()))
        if draft.exists():
            publish_draft(settings, name)  # finishes an interrupted publish, or does the whole one
        assert article.exists() and not draft.exists()
    assert not has_errors(check_docs(settings.docs_dir))
    print("\n(draft, article) after each kill:", outcomes)
    assert (True, False) in outcomes  # some kills landed before the article was written
