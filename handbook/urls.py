"""The one place that knows where each page lives and how pages link to each other.

Every link in the site is relative to the page that holds it and names a real .html file, so the
site works under any sub-path of an intranet server and opened straight from a folder (file://).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

from handbook.model import Guide, Period, Role

HOME = "index.html"
GUIDES_INDEX = "guides/index.html"
PRINT_ALL = "guides/tout-imprimer.html"
NOT_FOUND = "404.html"
SUBSCRIBE = "abonnement.html"
ACCESSIBILITY = "accessibilite.html"
POSTER_A3 = "affiche-a3.html"
POSTER_A4 = "affiche-a4.html"
ARCHIVES = "annees.html"
SEARCH_INDEX = "recherche.js"
CALENDAR_SCRIPT = "calendrier.js"
STATIC = "static"


# The site's fixed addresses, as templates name them: url(paths.home).
PATHS = SimpleNamespace(
    home=HOME,
    guides_index=GUIDES_INDEX,
    print_all=PRINT_ALL,
    subscribe=SUBSCRIBE,
    accessibility=ACCESSIBILITY,
    poster_a3=POSTER_A3,
    poster_a4=POSTER_A4,
    archives=ARCHIVES,
    search_index=SEARCH_INDEX,
    calendar_script=CALENDAR_SCRIPT,
    style=f"{STATIC}/style.css",
    site_script=f"{STATIC}/site.js",
    print_script=f"{STATIC}/print.js",
    checklist_script=f"{STATIC}/checklist.js",
)


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """« Période 1 : SIECLE » → « periode-1-siecle »"""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def period_path(period: Period) -> str:
    return f"periode-{period.number}.html"


def archived_period_anchor(label: str, period: Period) -> str:
    """The id of a period of an archived year on the previous-years page."""
    return f"annee-{label}-periode-{period.number}"


def archived_period_path(label: str, period: Period) -> str:
    return f"{ARCHIVES}#{archived_period_anchor(label, period)}"


def role_path(role: Role) -> str:
    return f"role-{role.id}.html"


def guide_path(slug: str) -> str:
    return f"guides/{slug}.html"


def print_part_path(number: int) -> str:
    """Part `number` (from 1) of the pages gathering all guides to print; the first is PRINT_ALL."""
    return PRINT_ALL if number == 1 else PRINT_ALL.replace(".html", f"-{number}.html")


def search_part_path(number: int) -> str:
    """Part `number` (from 1) of the search index: guides' entries (SEARCH_INDEX lists them)."""
    return SEARCH_INDEX.replace(".js", f"-{number}.js")


def is_reserved_guide_slug(slug: str) -> bool:
    """Whether a guide with this slug would take the address of a page the site makes in guides/."""
    return slug == "index" or re.fullmatch(r"tout-imprimer(-[0-9]+)?", slug) is not None


def role_anchor(role: Role) -> str:
    """The id of a role's part of a period page."""
    return f"role-{role.id}"


def feed_path(role: Role | None) -> str:
    """The calendar file of a role, or of the whole handbook (None)."""
    return f"calendrier-{role.id}.ics" if role else "calendrier.ics"


def feed_qr_path(role: Role | None) -> str:
    return f"calendriers/qr-{feed_anchor(role)}.svg"


def feed_anchor(role: Role | None) -> str:
    """The id of a feed's part of the subscription page."""
    return feed_path(role).removesuffix(".ics")


def printed_anchor(slug: str, anchor: str = "") -> str:
    """The id of a guide, or of one of its headings, on the page gathering every guide to print."""
    return printed_prefix(slug) + anchor if anchor else slug


def printed_prefix(slug: str) -> str:
    """What a guide's heading ids start with on the page that gathers every guide to print."""
    return f"{slug}-"


def to_root(from_page: str) -> str:
    """The relative link from a page to the site's top folder: « ../ » or nothing."""
    return "../" * from_page.count("/")


@dataclass(frozen=True, slots=True)
class GuideLink:
    """What a page shows of a guide it links to: its address, title and summary, not its text (so
    that editing a guide's text leaves the pages that link to it as they are)."""

    slug: str
    title: str
    summary: str

    @staticmethod
    def to(guide: Guide) -> GuideLink:
        return _guide_link(guide.slug, guide.title, guide.summary)


@lru_cache(maxsize=65536)
def _guide_link(slug: str, title: str, summary: str) -> GuideLink:
    """The same object for the same values, from one serve rebuild to the next: its key's digest
    is then remembered (keys.Fingerprints)."""
    return GuideLink(slug, title, summary)


def path_of(target: object) -> str:
    """The site path of a model object, or of a path given as text."""
    if isinstance(target, Period):
        return period_path(target)
    if isinstance(target, Role):
        return role_path(target)
    if isinstance(target, (Guide, GuideLink)):
        return guide_path(target.slug)
    if isinstance(target, str):
        return target
    raise TypeError(f"no page for {target!r}")


def relative(from_page: str, to_path: str) -> str:
    """The link from one site page to a path of the site: « ../periode-2.html »."""
    return _link(posixpath.dirname(from_page), to_path)


@lru_cache(maxsize=65536)
def _link(from_folder: str, to_path: str) -> str:
    """relative() from the page's folder: a folder's pages link alike (asked thousands of times)."""
    fragment = ""
    if "#" in to_path:
        to_path, fragment = to_path.split("#", 1)
        fragment = "#" + fragment
    if not to_path:
        return fragment
    return _quoted(_relative_path(from_folder, to_path)) + fragment


def _relative_path(from_folder: str, to_path: str) -> str:
    """Site paths are normalised (no « .. »), so the relative path is found by comparing folders."""
    here = from_folder.split("/") if from_folder else []
    there = to_path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path, safe="/.-_~")


def absolute(base_url: str, path: str) -> str:
    """The full address of a site path, from the public address written in site_config.yaml."""
    return encoded_address(base_url) + quote(path, safe="/.-_~#")


@lru_cache(maxsize=16)
def encoded_address(address: str) -> str:
    """An address as written by a person (« https://intranet.exemple.fr/lycée pix/ ») as a valid
    URL: the host in its ASCII form, spaces and accents of the path percent-encoded; what is already
    encoded stays as it is."""
    parts = urlsplit(address)
    host = (
        parts.hostname.encode("idna").decode("ascii")
        if parts.hostname and not parts.hostname.isascii()
        else parts.netloc
    )
    if parts.port and host != parts.netloc:
        host += f":{parts.port}"
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (
            parts.scheme,
            host,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            quote(parts.fragment, safe=safe + "?"),
        )
    )


def address_path(address: str) -> str:
    """The path of an address, encoded: « /lyc%C3%A9e%20pix/ »."""
    return urlsplit(encoded_address(address)).path or "/"
