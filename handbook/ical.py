"""The feeds' iCalendar files and QR codes (icalendar, segno), from the same model as the pages.

Choices that keep subscriptions right across rebuilds (see the README):
- UIDs come from the school year, the period number or milestone id and the role: never from the
  build time nor from a title that may be corrected;
- DTSTAMP is when the calendar last changed (or SOURCE_DATE_EPOCH), so an unchanged calendar gives
  byte-identical feeds;
- all-day events end the day after their last day (DTEND is exclusive) and are TRANSPARENT;
- no VALARM; the refresh hints are written in the forms RFC 7986 and Outlook expect.
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from urllib.parse import urlsplit

import segno
from icalendar import Calendar, Event, vDuration

from . import urls
from .feeds import Feed, feeds, plain
from .model import Handbook, Milestone, Period, Role

REFRESH = dt.timedelta(hours=12)


def feed_files(handbook: Handbook) -> dict[str, bytes]:
    """Every feed as iCalendar bytes, and its QR code as SVG when the site has a public address."""
    files: dict[str, bytes] = {}
    for feed in feeds(handbook):
        files[feed.path] = feed_bytes(handbook, feed)
        if handbook.config.base_url:
            files[feed.qr_path] = qr_svg(feed.webcal_url(handbook.config.base_url), feed.name)
    return files


def feed_bytes(handbook: Handbook, feed: Feed) -> bytes:
    config = handbook.config
    calendar = Calendar()
    calendar.add("prodid", f"-//Guide Pix//{plain(config.school)}//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for key in ("name", "x-wr-calname"):
        calendar.add(key, feed.name)
    for key in ("description", "x-wr-caldesc"):
        calendar.add(key, feed.description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    if config.base_url:
        calendar.add("url", urls.absolute(config.base_url, urls.HOME))
    for period in handbook.periods:
        calendar.add_component(period_event(handbook, period, feed.role))
    for milestone in handbook.milestones:
        calendar.add_component(milestone_event(handbook, milestone, feed.role))
    return calendar.to_ical()


def period_event(handbook: Handbook, period: Period, role: Role | None) -> Event:
    roles = [role] if role else list(handbook.roles)
    lines = []
    for each in roles:
        tasks = period.tasks.get(each.id, ())
        if not role:
            lines.append(f"{each.name} :")
        lines += [f"- {task.text}" for task in tasks] or ["- Rien de particulier pendant cette période."]
    summary = f"Pix – {period.title}" + (f" – {role.name}" if role else "")
    event = _all_day_event(handbook, f"periode-{period.number}", role, summary, period.start, period.end)
    event.add("description", "\n".join(lines + _details(handbook, urls.period_path(period))))
    if handbook.config.base_url:
        event.add("url", urls.absolute(handbook.config.base_url, urls.period_path(period)))
    return event


def milestone_event(handbook: Handbook, milestone: Milestone, role: Role | None) -> Event:
    summary = f"Pix – {milestone.title}" + (" (à confirmer)" if milestone.to_confirm else "")
    event = _all_day_event(handbook, f"jalon-{milestone.id}", role, summary, milestone.date, milestone.date)
    if milestone.to_confirm:
        event.add("status", "TENTATIVE")
    page = urls.period_path(handbook.period(milestone.period_number)) if milestone.period_number else urls.HOME
    event.add("description", "\n".join([milestone.title, *_details(handbook, page)]))
    if handbook.config.base_url:
        event.add("url", urls.absolute(handbook.config.base_url, page))
    return event


def _all_day_event(handbook: Handbook, key: str, role: Role | None, summary: str,
                   first_day: dt.date, last_day: dt.date) -> Event:
    event = Event()
    event.add("uid", _uid(handbook, key, role))
    event.add("dtstamp", handbook.updated)
    event.add("dtstart", first_day)
    event.add("dtend", last_day + dt.timedelta(days=1))  # an all-day DTEND is the day after the last day
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def _uid(handbook: Handbook, key: str, role: Role | None) -> str:
    config = handbook.config
    school = f"-{config.uai.lower()}" if config.uai else ""
    host = urlsplit(config.base_url).hostname if config.base_url else "guide-pix.invalid"
    return f"pix-{config.school_year.label}{school}-{key}" + (f"-{role.id}" if role else "") + f"@{host}"


def _details(handbook: Handbook, page: str) -> list[str]:
    if not handbook.config.base_url:
        return []
    return ["", f"Détails : {urls.absolute(handbook.config.base_url, page)}"]


@lru_cache(maxsize=64)
def qr_svg(text: str, title: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff",
                                      title=f"QR code : {title}")
    return buffer.getvalue()
