"""The feeds' iCalendar files and QR codes (icalendar, segno), from the same model as the pages.

Choices that keep subscriptions right across rebuilds (see the README):
- UIDs come from the school year, the UAI, the period number or milestone id and the role: never
  from the build time, from a title that may be corrected, nor from the site's address, which may be
  set later;
- each event's SEQUENCE and LAST-MODIFIED come from a fingerprint of what the event says, so they
  change when that event changes and only then, with no clock and no memory of earlier builds (two
  builds of the same calendar are byte-identical, whatever came before);
- DTSTAMP is when the calendar last changed (or SOURCE_DATE_EPOCH): when the feed was made;
- all-day events end the day after their last day (DTEND is exclusive) and are TRANSPARENT;
- no VALARM; the refresh hints are written in the forms RFC 7986 and Outlook expect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from functools import lru_cache

from icalendar import Calendar, Event, vDuration

from handbook import urls
from handbook.model import Handbook, Milestone, Period, Role
from handbook.site.feeds import Feed, feeds, plain
from handbook.site.typography import french

REFRESH = dt.timedelta(hours=12)
UID_DOMAIN = (
    "guide-pix.invalid"  # the same for every site, so that giving url_publique later changes no UID
)


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
        event = period_event(handbook, period, feed.role)
        if event:
            calendar.add_component(event)
    for milestone in handbook.milestones:
        if feed.role is None or milestone.concerns(feed.role.id):
            calendar.add_component(milestone_event(handbook, milestone, feed.role))
    return calendar.to_ical()


def period_event(handbook: Handbook, period: Period, role: Role | None) -> Event | None:
    """The period as an all-day event with the tasks of the role (or of every role, by role); None
    in a role's feed when the role has nothing to do then."""
    if role:
        lines = [f"- {task.text}" for task in period.tasks.get(role.id, ())]
        if not lines:
            return None
    else:
        lines = [
            line
            for each in handbook.roles
            if period.tasks.get(each.id)
            for line in (f"{each.name} :", *(f"- {task.text}" for task in period.tasks[each.id]))
        ]
    summary = f"Pix – {period.title}" + (f" – {role.name}" if role else "")
    page = urls.period_path(period)
    return _all_day_event(
        handbook,
        f"periode-{period.number}",
        role,
        summary,
        period.start,
        period.end,
        "\n".join(lines + _details(handbook, page)),
        page,
    )


def milestone_event(handbook: Handbook, milestone: Milestone, role: Role | None) -> Event:
    page = (
        urls.period_path(handbook.period(milestone.period_number))
        if milestone.period_number
        else urls.HOME
    )
    summary = f"Pix – {milestone.title}" + (" (à confirmer)" if milestone.to_confirm else "")
    event = _all_day_event(
        handbook,
        f"jalon-{milestone.id}",
        role,
        summary,
        milestone.date,
        milestone.date,
        "\n".join([milestone.title, *_details(handbook, page)]),
        page,
    )
    if milestone.to_confirm:
        event.add("status", "TENTATIVE")
    return event


def _all_day_event(
    handbook: Handbook,
    key: str,
    role: Role | None,
    summary: str,
    first_day: dt.date,
    last_day: dt.date,
    description: str,
    page: str,
) -> Event:
    url = urls.absolute(handbook.config.base_url, page) if handbook.config.base_url else None
    # French spaces, all U+00A0: calendar apps show the text in fonts that may lack the narrow one
    summary, description = french(summary, narrow=False), french(description, narrow=False)
    version = _version(summary, first_day, last_day, description, url)
    event = Event()
    event.add("uid", _uid(handbook, key, role))
    event.add("dtstamp", handbook.updated)
    event.add("last-modified", version[1])
    event.add("sequence", version[0])
    event.add("dtstart", first_day)
    event.add(
        "dtend", last_day + dt.timedelta(days=1)
    )  # an all-day DTEND is the day after the last day
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    return event


def _version(
    summary: str, first_day: dt.date, last_day: dt.date, description: str, url: str | None
) -> tuple[int, dt.datetime]:
    """SEQUENCE and LAST-MODIFIED from a fingerprint of everything the event says: a changed event
    gets new ones, an unchanged event keeps them. LAST-MODIFIED is a moment of the year 2000 picked
    by the fingerprint (it is not the real date of the change, which the build cannot know without a
    clock); SEQUENCE fits in 28 bits."""
    said = "\0".join([summary, first_day.isoformat(), last_day.isoformat(), description, url or ""])
    fingerprint = int(hashlib.sha256(said.encode()).hexdigest()[:16], 16)
    sequence = fingerprint >> 36  # the first 28 bits
    moment = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
        seconds=fingerprint % (366 * 86400)
    )
    return sequence, moment


def _uid(handbook: Handbook, key: str, role: Role | None) -> str:
    config = handbook.config
    school = f"-{config.uai.lower()}" if config.uai else ""
    return (
        f"pix-{config.school_year.label}{school}-{key}"
        + (f"-{role.id}" if role else "")
        + f"@{UID_DOMAIN}"
    )


def _details(handbook: Handbook, page: str) -> list[str]:
    if not handbook.config.base_url:
        return []
    return ["", f"Détails : {urls.absolute(handbook.config.base_url, page)}"]


@lru_cache(maxsize=64)
def qr_svg(text: str, title: str) -> bytes:
    # only a site with an address has QR codes: the others never pay for importing it (30 ms)
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff", title=f"QR code : {title}"
    )
    return buffer.getvalue()
