"""The report page: the usage report's figures and its chart, drawn as SVG on the server."""

from __future__ import annotations

from contextlib import closing

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup
from starlette.responses import Response

from kb.config import Settings
from kb.insight import DEFAULT_DAYS, Report, report_svg, usage_report
from kb.store import connect
from search_api.agent.identity import SignedIn
from search_api.agent.web import AgentRoute, render, style_hashes
from search_api.deps import get_settings

__all__ = ["PERIODS", "router"]

router = APIRouter(route_class=AgentRoute)
PERIODS = (7, 30, 90, 365)
TOP = 10


def _report(settings: Settings, days: int) -> tuple[Report, str]:
    with closing(connect(settings.database)) as db:
        report = usage_report(db, settings, days, top=TOP)
    return report, report_svg(report)


@router.get("/report")
async def report_page(request: Request, _session: SignedIn, days: str = "") -> Response:
    wanted = int(days) if days.isdigit() else DEFAULT_DAYS
    period = wanted if 1 <= wanted <= 3650 else DEFAULT_DAYS
    report, svg = await run_in_threadpool(_report, get_settings(request), period)
    context = {
        "page_title": "Usage report",
        "report": report,
        "chart": Markup(svg),  # kb.insight.charts escapes every label
        "periods": sorted({*PERIODS, period}),
        "top": TOP,
    }
    # The chart's root has one style attribute: allow exactly that, by hash, and no other inline style.
    return render(request, "report.html", context, allowed_styles=style_hashes(svg))
