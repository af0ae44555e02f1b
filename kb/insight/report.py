"""The usage report: is the help centre working for customers? (``kb report``, the agent UI's report page)

Everything comes from kb's own database (the search log and the feedback votes) and the docs
folder; nothing from third-party analytics. :func:`usage_report` gathers the figures,
:func:`format_report` prints them, :func:`report_svg` draws the daily chart.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from kb.authoring import StaleArticle, stale_articles
from kb.config import Settings
from kb.content import Article, iter_article_files, load_catalog
from kb.errors import InputError
from kb.insight.charts import Bar, bar_chart
from kb.insight.gaps import GapGroup, gap_groups
from kb.store import Connection

__all__ = [
    "DEFAULT_DAYS",
    "STALE_DAYS",
    "Day",
    "Rate",
    "RatedTarget",
    "Report",
    "format_report",
    "report_svg",
    "usage_report",
]

DEFAULT_DAYS = 30
STALE_DAYS = 180
_DAY = 86400


@dataclass(frozen=True)
class Rate:
    """Votes for one thing: ``rate`` is the share of yes (None without votes)."""

    yes: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def rate(self) -> float | None:
        return self.yes / self.total if self.total else None


@dataclass(frozen=True)
class RatedTarget:
    """An article (``target`` = its path) or an answer (``target`` = its URL) with its votes."""

    target: str
    title: str
    votes: Rate


@dataclass(frozen=True)
class Day:
    """One UTC day: every logged search, the Ask-box questions, and those answered confidently."""

    day: dt.date
    searches: int = 0
    questions: int = 0
    answered: int = 0

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True)
class Report:
    days: int
    start: dt.date
    end: dt.date
    searches: int
    questions: int
    answered: int
    no_results: int
    helpful: Rate
    articles: tuple[RatedTarget, ...]  # lowest helpful rate first
    answers: tuple[RatedTarget, ...]
    unanswered: tuple[GapGroup, ...]
    stale: tuple[StaleArticle, ...]  # oldest first
    stale_days: int
    drafts_waiting: int
    daily: tuple[Day, ...]

    @property
    def answer_rate(self) -> float | None:
        """The share of Ask-box questions that got a confident answer."""
        return self.answered / self.questions if self.questions else None


def _answer_title(url: str, site_url: str, by_url: dict[str, Article]) -> str:
    """The title (and section heading) of an answer's source URL, which is site_url + page URL."""
    prefix = site_url.rstrip("/") + "/"
    page, _, anchor = (url[len(prefix) :] if url.startswith(prefix) else url).partition("#")
    article = by_url.get(page)
    if article is None:
        return url
    heading = next((s.heading for s in article.sections if anchor and s.anchor == anchor), "")
    return f"{article.title} \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} {heading}" if heading else article.title


def _day_number(db: Connection) -> str:
    """SQL for the UTC day number of ``ts`` (PostgreSQL's CAST rounds, SQLite's truncates)."""
    return "CAST(FLOOR(ts / 86400) AS INTEGER)" if db.dialect == "postgresql" else "CAST(ts / 86400 AS INTEGER)"


def _votes(db: Connection, column: str, since: float) -> list[tuple[str, Rate]]:
    rows = db.execute(
        f"SELECT {column}, SUM(helpful), SUM(1 - helpful) FROM feedback"  # column is one of two literals
        f" WHERE {column} IS NOT NULL AND ts >= ? GROUP BY {column}",
        (since,),
    )
    return [(str(target), Rate(int(yes), int(no))) for target, yes, no in rows]


def _ranked(items: list[RatedTarget]) -> tuple[RatedTarget, ...]:
    return tuple(sorted(items, key=lambda r: (r.votes.rate if r.votes.rate is not None else 1.0, -r.votes.total)))


def usage_report(
    db: Connection,
    settings: Settings,
    days: int = DEFAULT_DAYS,
    *,
    now: float | None = None,
    stale_days: int = STALE_DAYS,
    top: int = 10,
) -> Report:
    """The figures for the last ``days`` days (UTC), from the database and ``settings.docs_dir``."""
    if days < 1:
        raise InputError(f"days must be at least 1, got {days}", "pass --days 30 for the last month")
    now = time.time() if now is None else now
    end = dt.datetime.fromtimestamp(now, dt.UTC).date()
    start = end - dt.timedelta(days=days - 1)
    since = dt.datetime.combine(start, dt.time(), dt.UTC).timestamp()
    daily = {start + dt.timedelta(days=i): [0, 0, 0] for i in range(days)}
    searches = questions = answered = no_results = 0
    for day_number, kind, count, hits, none in db.execute(
        f"SELECT {_day_number(db)}, kind, COUNT(*), SUM(answered), SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END)"
        " FROM search_log WHERE ts >= ? GROUP BY 1, 2",
        (since,),
    ):
        counts = daily.get(dt.date(1970, 1, 1) + dt.timedelta(days=int(day_number)))
        if counts is None:
            continue  # logged "in the future" (clock change): not part of this period
        searches += count
        no_results += int(none)
        counts[0] += count
        if kind == "answer":
            questions += count
            answered += int(hits)
            counts[1] += count
            counts[2] += int(hits)
    catalog = load_catalog(settings.docs_dir) if settings.docs_dir.is_dir() else None
    articles = catalog.articles if catalog else ()
    by_path = {a.path: a for a in articles}
    by_url = {a.url: a for a in articles}
    page_votes = [RatedTarget(p, by_path[p].title if p in by_path else p, r) for p, r in _votes(db, "page", since)]
    answer_votes = []
    for url, rate in _votes(db, "answer_url", since):
        answer_votes.append(RatedTarget(url, _answer_title(url, settings.site_url, by_url), rate))
    all_votes = [r.votes for r in (*page_votes, *answer_votes)]
    drafts = sum(1 for _ in iter_article_files(settings.docs_dir, drafts=True)) if catalog else 0
    return Report(
        days=days,
        start=start,
        end=end,
        searches=searches,
        questions=questions,
        answered=answered,
        no_results=no_results,
        helpful=Rate(sum(v.yes for v in all_votes), sum(v.no for v in all_votes)),
        articles=_ranked(page_votes),
        answers=_ranked(answer_votes),
        unanswered=tuple(gap_groups(db, days, now=now, limit=top, pages=False)),
        stale=tuple(stale_articles(articles, stale_days, end)),
        stale_days=stale_days,
        drafts_waiting=drafts,
        daily=tuple(Day(d, *counts) for d, counts in daily.items()),
    )


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"


def format_report(report: Report, top: int = 10) -> str:
    """The report as plain text for the terminal."""
    lines = [
        f"Usage report, {report.start} to {report.end} ({report.days} days)",
        "",
        f"Searches:       {report.searches} ({report.questions} questions in the Ask box, "
        f"{report.no_results} with no results)",
        f"Answer rate:    {_pct(report.answer_rate)} ({report.answered} of {report.questions} questions answered)",
        f"Helpful rate:   {_pct(report.helpful.rate)} ({report.helpful.yes} of {report.helpful.total} votes said yes)",
        f"Drafts waiting: {report.drafts_waiting}",
    ]
    for heading, rated in (("Helpful rate per article", report.articles), ("Helpful rate per answer", report.answers)):
        lines += ["", f"{heading} (lowest first):"]
        lines += [f"  {_pct(r.votes.rate):>4} of {r.votes.total:<4} {r.title} ({r.target})" for r in rated[:top]]
        if not rated:
            lines.append("  no votes yet")
    lines += ["", "Top unanswered questions:"]
    lines += [f"  {g.count:>5}  {g.question}" for g in report.unanswered[:top]] or ["  none"]
    lines += ["", f"Stale articles (not updated or verified for {report.stale_days} days): {len(report.stale)}"]
    for item in report.stale[:top]:
        last = item.last_checked
        when = f"{last} ({item.age_days(report.end)} days)" if last else "never dated"
        lines.append(f"  {item.path}: {when}")
    if len(report.stale) > top:
        lines.append(f"  ... and {len(report.stale) - top} more")
    return "\n".join(lines)


def report_svg(report: Report, *, width: int = 720, height: int = 240) -> str:
    """Searches per day (bars) and the answer rate per day (line), as an SVG string."""
    bars = [Bar(d.day.isoformat(), d.searches, d.answer_rate) for d in report.daily]
    return bar_chart(
        bars,
        title=f"Searches and answer rate per day, {report.start} to {report.end}",
        description=(f"{report.searches} searches in {report.days} days; answer rate {_pct(report.answer_rate)}."),
        value_label="searches",
        rate_label="answer rate",
        width=width,
        height=height,
        chart_id="kb-report-daily",
    )
