"""Moving a help centre into kb: Zendesk Guide, Freshdesk, Help Scout and Intercom exports.

    report = import_help_centre("zendesk", Path("export.json"), Path("docs"))
    report.plan.count("create"), report.plan.redirects, report.plan.errors

Each vendor module reads its API's list-endpoint JSON into one neutral model (``model``);
``convert`` turns the HTML into sanitised Markdown, ``plan`` decides what to write as a pure
function, and ``apply`` writes it atomically with every old URL redirected.
"""

from __future__ import annotations

from kb.importing.apply import ImportReport, import_help_centre, load_category_map, read_export, scan_docs_for_imports
from kb.importing.convert import Conversion, LinkIndex, convert_article, heading_anchors
from kb.importing.model import SOURCES, ImportedArticle, ImportedCategory, ImportedExport, RecordError
from kb.importing.plan import Existing, ImportPlan, PlannedFile, plan_import

__all__ = [
    "SOURCES",
    "Conversion",
    "Existing",
    "ImportPlan",
    "ImportReport",
    "ImportedArticle",
    "ImportedCategory",
    "ImportedExport",
    "LinkIndex",
    "PlannedFile",
    "RecordError",
    "convert_article",
    "heading_anchors",
    "import_help_centre",
    "load_category_map",
    "plan_import",
    "read_export",
    "scan_docs_for_imports",
]
