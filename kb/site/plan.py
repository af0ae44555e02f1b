"""What a partial site update must do: the outputs the site holds now, and which of them are stale.

The rules (see kb.site.update's module doc): a page is rebuilt when its source, its place or its
rendering inputs changed, or when a page it links to appeared or went; anything a record cannot
vouch for sends the update to a full build instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.structure.files import Files

from kb.content import Sources, trusted
from kb.site.plugin import KBPlugin
from kb.site.state import Inclusion, Output, SiteState, is_generated, output_version

__all__ = ["current_outputs", "stale_outputs"]


def current_outputs(
    files: Files, inclusion: Inclusion, sources: Sources, plugin: KBPlugin, state: SiteState
) -> tuple[dict[str, Output], frozenset[str]] | None:
    """What the site holds now, from the record and the scan: a file known before keeps its
    place; only new files are looked at. None when a new or vanished README.md could change
    which of two files MkDocs keeps, or when an article became unreadable or readable again
    (it leaves or joins the site: a full build sorts that out)."""
    outputs: dict[str, Output] = {}
    excluded: set[str] = set()
    articles = {article.path for article in sources.catalog.articles}
    for file in list(files):  # what add_generated made: category pages, perhaps the home page
        if file.generated_by is not None and file.is_documentation_page() and inclusion(file.inclusion):
            outputs[file.src_uri] = Output(
                output_version(file.src_uri, True, file.content_string, plugin), file.dest_uri, True
            )
    for uri, version in sources.versions.items():
        if uri in outputs:
            continue  # replaced by a generated page
        before = state.outputs.get(uri)
        if (before is not None and uri in plugin.left_out) or (uri in state.excluded and uri in articles):
            return None
        if before is not None and not is_generated(before):
            dest, is_page = before.dest, before.page
        elif uri in state.excluded:
            excluded.add(uri)
            continue
        else:
            if uri.rsplit("/", 1)[-1] == "README.md":
                return None
            new = files.get_file_from_path(uri)
            if new is None or new.generated_by is not None or not inclusion(new.inclusion):
                excluded.add(uri)
                continue
            dest, is_page = new.dest_uri, new.is_documentation_page()
        source = trusted(version, sources.scanned_ns)
        outputs[uri] = Output(output_version(uri, is_page, source, plugin), dest, is_page)
    if any(uri.rsplit("/", 1)[-1] == "README.md" for uri in state.outputs if uri not in outputs):
        return None
    return outputs, frozenset(excluded)


def stale_outputs(
    outputs: Mapping[str, Output],
    previous: Mapping[str, Output],
    sources: Sources,
    forced: set[str],
) -> tuple[list[str], list[str]]:
    """(pages to render, static files to copy) — see the module doc for the rules."""
    appeared_or_went = set(outputs) ^ set(previous)
    pages: list[str] = []
    statics: list[str] = []
    for uri, output in outputs.items():
        before = previous.get(uri)
        stale = (
            output.version is None
            or before is None
            or before.version != output.version
            or before.dest != output.dest
            or uri in forced
        )
        if not stale and output.page and appeared_or_went and not is_generated(output):
            # A link renders differently once its target exists (or no longer does); generated
            # pages only link to what their text (whose hash is their version) names.
            links = sources.links.get(uri)
            stale = links is None or not links.isdisjoint(appeared_or_went)
        if stale:
            (pages if output.page else statics).append(uri)
    return pages, statics
