"""The private MkDocs functions kb's partial site update relies on exist, with the parameters kb
passes, in the MkDocs versions kb.site.mkdocs_internals declares; an upgrade that breaks them
fails here, not in a customer's publish."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from kb.site import mkdocs_internals


def test_the_installed_mkdocs_is_a_supported_version() -> None:
    major, minor = (int(part) for part in version("mkdocs").split(".")[:2])
    assert (major, minor) in mkdocs_internals.SUPPORTED, (
        f"MkDocs {version('mkdocs')} is not among {mkdocs_internals.SUPPORTED}: check the private functions in "
        "kb/site/mkdocs_internals.py against it, then add it"
    )


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_each_private_function_takes_what_kb_passes() -> None:
    assert _parameters(mkdocs_internals.populate_page)[:3] == ["page", "config", "files"]
    assert _parameters(mkdocs_internals.build_page)[:5] == ["page", "config", "doc_files", "nav", "env"]
    assert "excluded" in _parameters(mkdocs_internals.build_page)
    assert _parameters(mkdocs_internals.build_theme_template)[:5] == ["template_name", "env", "files", "config", "nav"]
    from mkdocs.structure import nav

    assert _parameters(nav._data_to_navigation)[:3] == ["data", "files", "config"]
    assert _parameters(nav._get_by_type)[:2] == ["nav", "t"]
    assert _parameters(nav._add_previous_and_next_links)[:1] == ["pages"]
    assert _parameters(nav._add_parent_links)[:1] == ["nav"]


def test_no_other_module_of_kb_calls_a_private_mkdocs_name() -> None:
    import pathlib
    import re

    root = pathlib.Path(mkdocs_internals.__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "mkdocs_internals.py"
        and re.search(r"from mkdocs[\w.]* import[^\n]*\b_[a-z]|mkdocs[\w.]*\._[a-z]", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
