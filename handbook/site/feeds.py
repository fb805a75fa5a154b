"""The calendars a reader can subscribe to: one for the whole handbook and one per role, with their
names and addresses. Their iCalendar files and QR codes are made by ical.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from handbook import urls
from handbook.model import Handbook, Role


@dataclass(frozen=True)
class Feed:
    path: str  # e.g. calendrier-enseignants.ics
    name: str
    description: str
    role: Role | None  # None: the whole handbook
    qr_path: str
    anchor: str  # of its part of the subscription page

    def https_url(self, base_url: str) -> str:
        return urls.absolute(base_url, self.path)

    def webcal_url(self, base_url: str) -> str:
        return "webcal://" + self.https_url(base_url).split("://", 1)[1]

    def google_url(self, base_url: str) -> str:
        return "https://calendar.google.com/calendar/render?cid=" + quote(
            self.webcal_url(base_url), safe=""
        )


def feeds(handbook: Handbook) -> list[Feed]:
    """The full feed first, then one per role in the roles' order."""
    year, school = handbook.config.school_year.label, handbook.config.school
    result = [
        _feed(
            None,
            plain(f"Pix {year} – {school}"),
            plain(
                f"Calendrier Pix {year} – {school} – toutes les périodes et les tâches de chacun"
            ),
        )
    ]
    for role in handbook.roles:
        result.append(
            _feed(
                role,
                plain(f"Pix {year} – {role.name} – {school}"),
                plain(f"Calendrier Pix {year} – {school} – périodes et tâches – {role.name}"),
            )
        )
    return result


def _feed(role: Role | None, name: str, description: str) -> Feed:
    return Feed(
        urls.feed_path(role),
        name,
        description,
        role,
        urls.feed_qr_path(role),
        urls.feed_anchor(role),
    )


def feed_paths(handbook: Handbook) -> list[str]:
    """The files ical.feed_files makes, without making them."""
    with_qr = bool(handbook.config.base_url)
    return [
        path
        for feed in feeds(handbook)
        for path in ((feed.path, feed.qr_path) if with_qr else (feed.path,))
    ]


def plain(text: str) -> str:
    """Calendar names and descriptions without , and ; which icalendar does not escape there."""
    return re.sub(r"\s*[,;]\s*", " – ", text)
