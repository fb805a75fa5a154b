"""The site's pages: each is a template and the context that a function gives it, and nothing else.

A template receives its page's context, the site context (what every page shows: the settings, the
navigation, the footer) and `page`; never the whole handbook. Its key is made from those values
(build/keys.py), so a page that shows something its key does not cover cannot be written: what it
was not given, it cannot show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from handbook import urls
from handbook.model import Config, Guide, Handbook, Heading
from handbook.site import feeds
from handbook.site.poster import POSTER_SIZES, poster_columns
from handbook.site.yeardata import calendar_data, timeline, year_strip
from handbook.urls import GuideLink


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    title: str
    context: dict = field(default_factory=dict, repr=False)
    stored = False  # rendered again rather than kept in the store (cache.py)

    @property
    def name(self) -> tuple[str, str, str]:
        """What names the page in its key, beside its context."""
        return (self.path, self.template, self.title)

    @property
    def paths(self) -> tuple[str]:
        return (self.path,)

    def source(self, templates: str) -> str:
        """What the page is made from, for messages (templates: the templates folder's name)."""
        return f"la page « {self.title} » (gabarit {templates}/{self.template})"


def site_context(handbook: Handbook) -> dict:
    """What every page shows besides its own context: the settings, the navigation, the footer."""
    return {
        "site": shown_config(handbook.config),
        "roles": handbook.roles,
        "role_names": {role.id: role.name for role in handbook.roles},
        "has_archives": bool(handbook.archives),
    }


def shown_config(config: Config) -> Config:
    """The settings without the folders' places, which no page shows (the same site built into two
    folders has the same keys); their names are kept."""
    return dataclasses.replace(
        config,
        path=Path(config.path.name),
        root=Path("."),
        content_dir=Path(config.content_dir.name),
        templates_dir=Path(config.templates_dir.name),
        output_dir=Path("."),
    )


def site_pages(handbook: Handbook) -> list[Page]:
    links = {slug: GuideLink.to(guide) for slug, guide in handbook.guides.items()}
    return [
        home_page(handbook),
        *period_pages(handbook, links),
        *role_pages(handbook, links),
        guides_index_page(links),
        *guide_pages(handbook, links),
        *print_pages(handbook),
        subscribe_page(handbook),
        *poster_pages(handbook),
        accessibility_page(),
        not_found_page(),
        archives_page(handbook),
    ]


def home_page(handbook: Handbook) -> Page:
    """The home page also carries every task, for the « en ce moment » panel the browser fills."""
    context = {
        "timeline": timeline(handbook),
        "calendar": calendar_data(handbook, with_tasks=True),
        "strip": year_strip(handbook),
        "year": handbook.year,
        "guide_count": len(handbook.guides),
    }
    return Page(urls.HOME, "home.html", "Accueil", context)


def archives_page(handbook: Handbook) -> Page:
    """Previous years, read-only: every period with its dates and tasks, and the milestones."""
    context = {
        "archives": handbook.archives,
        "year_before": handbook.year_before,
        "last_day_before": handbook.config.school_year.first_day - dt.timedelta(days=1),
    }
    return Page(urls.ARCHIVES, "archives.html", "Années précédentes", context)


def period_pages(handbook: Handbook, links: dict[str, GuideLink]) -> list[Page]:
    pages = []
    for period in handbook.periods:
        previous, following = handbook.neighbours(period)
        context = {
            "period": period,
            "previous": previous,
            "following": following,
            "milestones": handbook.milestones_in(period),
            "holidays": handbook.holidays_in(period),
            "public_holidays": handbook.public_holidays_in(period),
            "guides": linked_guides(links, period.tasks.values()),
        }
        pages.append(Page(urls.period_path(period), "period.html", period.title, context))
    return pages


def linked_guides(links: dict[str, GuideLink], task_lists) -> dict[str, GuideLink]:
    """The guides some tasks link to, by slug: a page listing the tasks shows their titles."""
    slugs = sorted({slug for tasks in task_lists for task in tasks for slug in task.guide_slugs})
    return {slug: links[slug] for slug in slugs}


def role_pages(handbook: Handbook, links: dict[str, GuideLink]) -> list[Page]:
    """A checklist per role; ticks are stored under the school year and school, so years never
    mix."""
    config = handbook.config
    school = config.uai or urls.slugify(config.school)
    pages = []
    for role in handbook.roles:
        periods = handbook.tasks_of(role.id)
        context = {
            "role": role,
            "periods": periods,
            "checklist_id": f"{config.school_year.label}:{school}",
            "guides": linked_guides(links, (tasks for _, tasks in periods)),
        }
        pages.append(Page(urls.role_path(role), "role.html", role.name, context))
    return pages


def guide_pages(handbook: Handbook, links: dict[str, GuideLink]) -> list[Page]:
    pages = []
    for guide in handbook.guides.values():
        context = {
            "guide": guide,
            "uses": handbook.uses_of(guide.slug),
            "contents": table_of_contents(guide),
            "guides": {slug: links[slug] for slug in sorted(guide.linked_slugs) if slug in links},
        }
        if guide.format == "competences":
            context.update(subjects=handbook.subjects(), domains=handbook.domains)
        pages.append(Page(urls.guide_path(guide.slug), "guide.html", guide.title, context))
    return pages


def table_of_contents(guide: Guide) -> list[Heading]:
    """The level-2 headings a guide page lists at its top: only for a plain guide with more than two
    of them."""
    headings = [heading for heading in guide.headings if heading.level == 2]
    return headings if guide.format == "guide" and len(headings) > 2 else []


def guides_index_page(links: dict[str, GuideLink]) -> Page:
    return Page(urls.GUIDES_INDEX, "guides_index.html", "Tous les guides", {"guides": links})


# a page a browser still opens and prints at ease; more guides make several parts
GUIDES_PER_PRINT_PART = 100


@dataclass(frozen=True)
class PrintPart:
    number: int
    path: str
    first: str  # the title of its first guide
    last: str


def print_pages(handbook: Handbook) -> list[Page]:
    """Every guide to print, one after the other, in parts of GUIDES_PER_PRINT_PART guides: one page
    for most schools."""
    guides = list(handbook.guides.values())
    shares = [
        guides[start : start + GUIDES_PER_PRINT_PART]
        for start in range(0, len(guides), GUIDES_PER_PRINT_PART)
    ]
    parts = [
        PrintPart(number, urls.print_part_path(number), share[0].title, share[-1].title)
        for number, share in enumerate(shares, 1)
    ]
    part_of = {guide.slug: part.path for part, share in zip(parts, shares) for guide in share}
    pages = []
    for part, share in (
        zip(parts, shares) if parts else [(PrintPart(1, urls.PRINT_ALL, "", ""), [])]
    ):
        addresses = {
            other.path: urls.relative(part.path, other.path) for other in parts if other != part
        }
        elsewhere = {
            slug: addresses[part_of[slug]]
            for guide in share
            for slug in guide.linked_slugs
            if part_of.get(slug, part.path) != part.path
        }
        title = "Tous les guides, à imprimer" + (
            f" (partie {part.number} sur {len(parts)})" if len(parts) > 1 else ""
        )
        context = {
            "guides": [(urls.printed_anchor(guide.slug), guide) for guide in share],
            "part": part,
            "parts": parts if len(parts) > 1 else [],
            "elsewhere": elsewhere,
        }
        pages.append(Page(part.path, "print_all.html", title, context))
    return pages


def poster_pages(handbook: Handbook) -> list[Page]:
    columns = poster_columns(handbook)
    return [
        Page(
            size.path,
            "poster.html",
            f"Affiche de l'année ({size.name})",
            {
                "size": size,
                "columns": columns,
                "other_sizes": [s for s in POSTER_SIZES if s != size],
                "poster_holidays": [holiday for _, _, holidays in columns for holiday in holidays],
                "year": handbook.year,
            },
        )
        for size in POSTER_SIZES
    ]


def subscribe_page(handbook: Handbook) -> Page:
    context = {"feeds": feeds.feeds(handbook)}
    return Page(urls.SUBSCRIBE, "subscribe.html", "S'abonner au calendrier", context)


def accessibility_page() -> Page:
    return Page(urls.ACCESSIBILITY, "accessibility.html", "Déclaration d'accessibilité")


def not_found_page() -> Page:
    return Page(urls.NOT_FOUND, "404.html", "Page introuvable")
