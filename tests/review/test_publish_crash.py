"""Killing ``kb publish`` at any moment leaves the draft or the article (never neither), a clean
``kb check``, and a publish that a second run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from kb.authoring import check_docs, has_errors
from kb.config import Settings
from kb.content import load_catalog
from kb.index import SectionIndex, build_index, update_articles
from kb.review import publish_draft
from kb.site import build_site
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.paths import ROOT

# Each kill lands at a known step of the publish: a stand-in for the step's function kills the
# process just before (or just after) the real one runs, so no kill can miss the publish.
HARNESS = """
import os, signal, sys
import kb.review.publish as publish
name, when, draft = sys.argv[1:4]
owner = os if name == "link" else publish
real = getattr(owner, name)
def killed(*args, **kwargs):
    if when == "after":
        real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
setattr(owner, name, killed)
from kb.cli import app
sys.argv = ["kb", "publish", draft]
app()
"""
# (function, before/after, what is on disk after the kill: draft still there, article there)
STEPS = (
    ("load_article", "before", (True, False)),  # the draft is read
    ("link", "before", (True, False)),  # the article's temp file is written, not yet linked in
    ("link", "after", (True, True)),  # the article is in place, the draft not yet gone
    ("record_published", "before", (True, True)),  # the permalink manifest not yet updated
    ("record_published", "after", (True, True)),
    ("update_articles", "before", (False, True)),  # the draft is gone; index and site not yet updated
    ("update_sites", "before", (False, True)),
    ("update_sites", "after", (False, True)),
)


def test_a_killed_publish_loses_nothing(settings: Settings, write: WriteArticle) -> None:
    write("billing/export-invoices.md")
    build_index(settings)
    build_site(settings, site_dir=settings.data_dir / "preview", drafts=True)  # publish updates it too
    env = {**os.environ, "KB_DATA_DIR": str(settings.data_dir), "KB_DOCS_DIR": str(settings.docs_dir)}
    for number, (step, when, expected) in enumerate(STEPS):
        name = f"crash-{number}"
        word = ("amber", "basalt", "cobalt", "dune", "ember", "fjord", "garnet", "harbor")[number]
        title = f"Fix: widget {word} flickers"
        write(f"_drafts/{name}.md", draft_text(title=title).replace("'5150'", f"'{900 + number}'"))
        draft = settings.docs_dir / "_drafts" / f"{name}.md"
        article = settings.docs_dir / "billing" / f"fix-widget-{word}-flickers.md"
        process = subprocess.run(
            [sys.executable, "-c", HARNESS, step, when, name], env=env, cwd=ROOT, capture_output=True, timeout=60
        )
        assert process.returncode == -signal.SIGKILL, (step, when, process.stderr[-2000:])
        assert (draft.exists(), article.exists()) == expected, (step, when)
        problems = check_docs(settings.docs_dir)
        assert not has_errors(problems), (step, when, problems)
        if draft.exists():
            publish_draft(settings, name)  # finishes an interrupted publish, or does the whole one
        else:
            # The article is published; kb serve's start (or kb index) brings the index up to date.
            rel = article.relative_to(settings.docs_dir).as_posix()
            update_articles(settings, [a for a in load_catalog(settings.docs_dir).articles if a.path == rel])
        assert article.exists() and not draft.exists()
        hits = SectionIndex.open(settings).search(f"widget {word} flickers", 3).hits
        assert hits and hits[0].path == article.relative_to(settings.docs_dir).as_posix(), (step, when)
    assert not has_errors(check_docs(settings.docs_dir))
