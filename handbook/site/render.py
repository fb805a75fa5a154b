"""Render stage: each page type is a template plus a function that gives it its context.

Nothing here builds HTML by hand; the templates do, with autoescaping on and undefined names
treated as errors, so a typo in a template fails the build instead of printing an empty string.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook import dates, urls
from handbook.build.freshness import CODE_VERSION
from handbook.build.workers import shared_work
from handbook.model import Guide, Handbook, Heading, Milestone, Period
from handbook.problems import Report
from handbook.read import markdown
from handbook.site import feeds
from handbook.site.posterfit import Fit, poster_fit
from handbook.site.typography import french, french_html, marked


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    inputs: str | None = (
        None  # all the page shows beyond what every page shows (site_key); None: always render
    )


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps its own in __pycache__; it only saves time,
    so a folder that cannot be read or written is no error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; compiled templates are kept in compiled_dir (see cache.compiled_templates_folder)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=_BytecodeCache(str(compiled_dir)) if compiled_dir else None,
        autoescape=True,
        auto_reload=False,  # a changed template makes a new environment (see pipeline.templates_digest)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=dates.long_date,
        short_date=dates.short_date,
        date_range=dates.date_range,
        css_string=css_string,
        address_path=urls.address_path,
        # a guide's body, typeset once for every page and rebuild that shows it (typography.marked)
        page_html=lambda body: marked(markdown.page_html(body)),
        printed_html=lambda *body: marked(markdown.printed_html(*body)),
    )
    env.globals.update(
        url=_url,
        is_current=_is_current,
        root=_root,
        paths=urls.PATHS,
        role_anchor=urls.role_anchor,
        archived_period_anchor=urls.archived_period_anchor,
    )
    return env


def css_string(text: str) -> Markup:
    """Text as a CSS string literal; everything but letters, digits and spaces is a CSS escape."""
    return Markup(
        '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'
    )


@jinja2.pass_context
def _url(context, target: object) -> str:
    return urls.relative(context["page"].path, urls.path_of(target))


@jinja2.pass_context
def _root(context) -> str:
    return urls.to_root(context["page"].path)


@jinja2.pass_context
def _is_current(context, target: object) -> bool:
    return context["page"].path == urls.path_of(target)


# --- pages --------------------------------------------------------------------------------------


def site_pages(handbook: Handbook) -> list[Page]:
    return [
        home_page(handbook),
        *period_pages(handbook),
        *role_pages(handbook),
        guides_index_page(handbook),
        *guide_pages(handbook),
        *print_pages(handbook),
        subscribe_page(handbook),
        *poster_pages(handbook),
        accessibility_page(),
        not_found_page(),
        archives_page(handbook),
    ]


def home_page(handbook: Handbook) -> Page:
    """The home page also carries every task, for the « en ce moment » panel the browser fills in."""
    calendar = calendar_data(handbook, with_tasks=True)
    return Page(
        urls.HOME,
        "home.html",
        "Accueil",
        {"timeline": timeline(handbook), "calendar": calendar, "strip": year_strip(handbook)},
        repr((handbook.calendar_digest, len(handbook.guides))),
    )


def archives_page(handbook: Handbook) -> Page:
    """Previous years, read-only: every period with its dates and tasks, and the milestones."""
    before = handbook.year_before
    return Page(
        urls.ARCHIVES,
        "archives.html",
        "Années précédentes",
        {
            "archives": handbook.archives,
            "year_before": before,
            "last_day_before": handbook.config.school_year.first_day - dt.timedelta(days=1),
        },
        repr((handbook.archives, before and before.label)),
    )


MONTH_ABBREVIATIONS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


@dataclass(frozen=True)
class StripItem:
    kind: str  # period, holiday, milestone
    label: str
    dates: str
    x: float  # in thousandths of the strip's width (the SVG's viewBox is 1000 wide)
    width: float


def year_strip(handbook: Handbook) -> dict | None:
    """The year drawn to scale, from its first to its last day (periods, holidays, milestones), as SVG
    coordinates; the browser marks today on it."""
    if not handbook.periods:
        return None
    year = handbook.year
    first = min([handbook.periods[0].start] + ([year.rentree] if year else []))
    last = (
        max(handbook.periods[-1].end, *(milestone.date for milestone in handbook.milestones))
        if handbook.milestones
        else handbook.periods[-1].end
    )
    days = (last - first).days + 1

    def place(start, end) -> tuple[float, float]:
        start, end = max(start, first), min(end, last)
        return round(1000 * (start - first).days / days, 1), round(
            1000 * ((end - start).days + 1) / days, 1
        )

    items = [
        StripItem(
            "period",
            period.title,
            dates.date_range(period.start, period.end),
            *place(period.start, period.end),
        )
        for period in handbook.periods
    ]
    if year:
        items += [
            StripItem(
                "holiday",
                holiday.heading,
                dates.date_range(holiday.first, holiday.last),
                *place(holiday.first, holiday.last),
            )
            for holiday in year.holidays
            if holiday.is_break and holiday.first <= last and holiday.last >= first
        ]
    items += [
        StripItem(
            "milestone",
            milestone.title + (" (à confirmer)" if milestone.to_confirm else ""),
            dates.long_date(milestone.date),
            *place(milestone.date, milestone.date),
        )
        for milestone in handbook.milestones
    ]
    months = []
    day = first.replace(day=1)
    while day <= last:
        if (
            day >= first and (x := place(day, day)[0]) <= 950
        ):  # starting in the last 5 %, no room for its name
            months.append((MONTH_ABBREVIATIONS[day.month - 1], x))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {
        "items": items,
        "months": months,
        "first": first.isoformat(),
        "days": days,
        "dates": dates.date_range(first, last),
    }


def timeline(handbook: Handbook) -> list[tuple[str, object]]:
    """Periods and the milestones that fall between or inside them, in date order."""
    entries = [(period.start, 0, "period", period) for period in handbook.periods]
    entries += [(milestone.date, 1, "milestone", milestone) for milestone in handbook.milestones]
    if handbook.year:
        entries += [
            (holiday.first, 2, "holiday", holiday)
            for holiday in handbook.year.holidays
            if holiday.is_break and handbook.periods and holiday.first <= handbook.periods[-1].end
        ]
    return [(kind, item) for _, _, kind, item in sorted(entries, key=lambda entry: entry[:2])]


def period_pages(handbook: Handbook) -> list[Page]:
    pages = []
    for period in handbook.periods:
        previous, following = handbook.neighbours(period)
        milestones = handbook.milestones_in(period)
        pages.append(
            Page(
                urls.period_path(period),
                "period.html",
                period.title,
                {
                    "period": period,
                    "previous": previous,
                    "following": following,
                    "milestones": milestones,
                    "holidays": handbook.holidays_in(period),
                    "public_holidays": handbook.public_holidays_in(period),
                },
                repr(
                    (
                        period.number,
                        handbook.calendar_digest,
                        _linked_titles(handbook, period.tasks.values()),
                    )
                ),
            )
        )
    return pages


def _linked_titles(handbook: Handbook, task_lists) -> list[tuple[str, str]]:
    """Titles of the guides some tasks link to: a page listing the tasks shows them."""
    slugs = sorted({slug for tasks in task_lists for task in tasks for slug in task.guide_slugs})
    return [(slug, handbook.guides[slug].title) for slug in slugs]


def role_pages(handbook: Handbook) -> list[Page]:
    """A checklist per role; ticks are stored under the school year and school, so years never mix."""
    config = handbook.config
    school = config.uai or urls.slugify(config.school)
    pages = []
    for role in handbook.roles:
        periods = handbook.tasks_of(role.id)
        pages.append(
            Page(
                urls.role_path(role),
                "role.html",
                role.name,
                {
                    "role": role,
                    "periods": periods,
                    "checklist_id": f"{config.school_year.label}:{school}",
                },
                repr(
                    (
                        role.id,
                        handbook.calendar_digest,
                        _linked_titles(handbook, (tasks for _, tasks in periods)),
                    )
                ),
            )
        )
    return pages


def guide_pages(handbook: Handbook) -> list[Page]:
    pages = []
    for guide in handbook.guides.values():
        uses = handbook.uses_of(guide.slug)
        inputs = [
            guide.digest,
            guide.slug,
            *((use.period.number, use.period.title, use.role.id, use.task.text) for use in uses),
        ]
        if guide.format == "competences":
            inputs.append(handbook.domains)
        pages.append(
            Page(
                urls.guide_path(guide.slug),
                "guide.html",
                guide.title,
                {"guide": guide, "uses": uses, "contents": table_of_contents(guide)},
                repr(inputs),
            )
        )
    return pages


def table_of_contents(guide: Guide) -> list[Heading]:
    """The level-2 headings a guide page lists at its top: only for a plain guide with more than two of them."""
    headings = [heading for heading in guide.headings if heading.level == 2]
    return headings if guide.format == "guide" and len(headings) > 2 else []


def site_key(handbook: Handbook, templates_digest: str) -> str:
    """What every page depends on: settings, roles (navigation), the calendar's dates (for « en ce moment »),
    the templates and the generator's code."""
    settings = {
        name: value for name, value in vars(handbook.config).items() if not isinstance(value, Path)
    }
    shown = (
        settings,
        handbook.roles,
        calendar_data(handbook),
        [archive.label for archive in handbook.archives],
        templates_digest,
        CODE_VERSION,
    )
    return hashlib.sha1(repr(shown).encode()).hexdigest()


def guides_index_page(handbook: Handbook) -> Page:
    listed = [(guide.slug, guide.title, guide.summary) for guide in handbook.guides.values()]
    return Page(urls.GUIDES_INDEX, "guides_index.html", "Tous les guides", inputs=repr(listed))


GUIDES_PER_PRINT_PART = (
    100  # a page a browser still opens and prints at ease; more guides make several parts
)


@dataclass(frozen=True)
class PrintPart:
    number: int
    path: str
    first: str  # the title of its first guide
    last: str


def print_pages(handbook: Handbook) -> list[Page]:
    """Every guide to print, one after the other, in parts of GUIDES_PER_PRINT_PART guides: one page for most
    schools."""
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
        printed = [
            (guide.slug, guide.digest) for guide in share
        ]  # the file's digest covers its title and text
        pages.append(
            Page(
                part.path,
                "print_all.html",
                title,
                {
                    "guides": [(urls.printed_anchor(guide.slug), guide) for guide in share],
                    "part": part,
                    "parts": parts if len(parts) > 1 else [],
                    "elsewhere": elsewhere,
                },
                repr((printed, parts if len(parts) > 1 else [], sorted(elsewhere.items()))),
            )
        )
    return pages


@dataclass(frozen=True)
class PosterSize:
    """A sheet for the year poster. The sizes repeat those of style.css (body.poster-a3 / -a4)."""

    name: str
    path: str
    width_mm: float
    height_mm: float
    font_pt: float


POSTER_SIZES = (
    PosterSize("A3", urls.POSTER_A3, 420, 297, 9),
    PosterSize("A4", urls.POSTER_A4, 297, 210, 6.3),
)


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
            },
            repr((size, handbook.calendar_digest)),
        )
        for size in POSTER_SIZES
    ]


def poster_columns(handbook: Handbook) -> list[tuple[Period, list[Milestone], list]]:
    """Each period with the milestones and holidays shown in its column: those inside it, or the next period's
    if between (holidays after the last period are left out)."""
    columns = [(period, [], []) for period in handbook.periods]
    for milestone in handbook.milestones:
        column = next(
            (c for c in columns if milestone.date <= c[0].end), columns[-1] if columns else None
        )
        if column:
            column[1].append(milestone)
    for holiday in handbook.year.breaks() if handbook.year else []:
        column = next((c for c in columns if holiday.first <= c[0].end), None)
        if column:
            column[2].append(holiday)
    return columns


def poster_estimate(handbook: Handbook, size: PosterSize) -> Fit:
    """How tall the poster of this size prints, estimated from the texts of poster.html (see
    posterfit.py)."""
    site = handbook.config
    headers = []
    for period, milestones, holidays in poster_columns(handbook):
        span = f"{dates.short_date(period.start)} → {dates.short_date(period.end)}"
        blocks = [(period.title, True, False), (span, False, False)]
        blocks += [
            (
                f"◆ {dates.short_date(milestone.date)} : {milestone.title}"
                + (" (à confirmer)" if milestone.to_confirm else ""),
                False,
                True,
            )
            for milestone in milestones
        ]
        if size.name == "A3":  # the holidays' lines are bold, as the th they are in
            blocks += [
                (
                    f"{holiday.short_name} : {holiday.first:%d/%m} → {holiday.last:%d/%m}",
                    True,
                    False,
                )
                for holiday in holidays
            ]
        headers.append(blocks)
    rows = [
        (
            role.name,
            [[task.text for task in period.tasks.get(role.id, ())] for period in handbook.periods],
        )
        for role in handbook.roles
    ]
    title = f"{site.title} – {site.school} – {site.school_year.label}"
    return poster_fit(title, headers, rows, size.width_mm, size.height_mm, size.font_pt)


def subscribe_page(handbook: Handbook) -> Page:
    return Page(
        urls.SUBSCRIBE,
        "subscribe.html",
        "S'abonner au calendrier",
        {"feeds": feeds.feeds(handbook)},
        "",
    )


def accessibility_page() -> Page:
    return Page(urls.ACCESSIBILITY, "accessibility.html", "Déclaration d'accessibilité", inputs="")


def not_found_page() -> Page:
    return Page(urls.NOT_FOUND, "404.html", "Page introuvable", inputs="")


# --- rendering ----------------------------------------------------------------------------------


def calendar_data(handbook: Handbook, with_tasks: bool = False) -> dict:
    """The dates the browser needs to show « en ce moment » and mark the current period (JSON in each page); under
    « previous », those of the year before when it is archived: the browser speaks of it until its last day."""
    label = handbook.config.school_year.label
    start = handbook.config.school_year.start_year
    data = _year_data(
        label,
        f"{start + 1}-{start + 2}",
        handbook.roles,
        handbook.periods,
        handbook.milestones,
        handbook.year,
        urls.period_path,
        with_tasks,
    )
    before = handbook.year_before
    if before:
        data["previous"] = _year_data(
            before.label,
            label,
            before.roles,
            before.periods,
            before.milestones,
            before.year,
            lambda period: urls.archived_period_path(before.label, period),
            with_tasks,
        )
    return data


def _year_data(
    label: str, next_label: str, roles, periods, milestones, year, period_path, with_tasks: bool
) -> dict:
    data = {
        "roles": [{"id": role.id, "name": role.name} for role in roles],
        "periods": [
            {
                "title": french(period.title),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "path": period_path(period),
            }
            for period in periods
        ],
        "milestones": [
            {
                "title": french(
                    milestone.title + (" (date à confirmer)" if milestone.to_confirm else "")
                ),
                "date": milestone.date.isoformat(),
                "roles": list(milestone.role_ids),
            }
            for milestone in milestones
        ],
        "year": label,
        "next_year": next_label,
        "rentree": year.rentree.isoformat() if year else None,
        "holidays": [
            {
                "name": holiday.name,
                "start": holiday.first.isoformat(),
                "end": holiday.last.isoformat(),
            }
            for holiday in year.holidays
        ]
        if year
        else [],
        "public_holidays": [day.isoformat() for day, _ in year.public_holidays] if year else [],
    }
    if with_tasks:
        for period, entry in zip(periods, data["periods"]):
            entry["tasks"] = {
                role_id: [
                    {
                        "text": french(task.text),
                        "guide": urls.guide_path(task.guide_slugs[0]) if task.guide_slugs else None,
                    }
                    for task in tasks
                ]
                for role_id, tasks in period.tasks.items()
            }
    return data


def calendar_script(handbook: Handbook) -> bytes:
    """The calendar data as a script that every page but the home page loads (a script file, which browsers
    also load from file://, made once instead of a copy in each page)."""
    data = json.dumps(calendar_data(handbook), ensure_ascii=False, separators=(",", ":"))
    return f"window.GUIDE_PIX_CALENDRIER={data};\n".encode("utf-8")


PARALLEL_FROM = (
    16  # pages to render: below this, starting worker processes costs more than it saves
)
_PAGE, _PROBLEM = (
    b"p",
    b"!",
)  # first byte of a rendered page's result: the page follows, or a problem (JSON)


def render_pages(
    env: jinja2.Environment,
    handbook: Handbook,
    pages: list[Page],
    report: Report,
    writer,
    site: str,
    alongside: list[tuple[Callable[[], bytes], Callable[[bytes], None]]] = (),
) -> None:
    """Render every page into the writer, except those it already has from the same inputs; shared between
    processes when there are many (workers.py).

    site is the key of what every page shows (see site_key); template problems are reported with the
    template's file and line, in page order, up to the first template that cannot be loaded at all (it would
    fail every page again). alongside: other files' work, shared with the pages' and started first (the
    feeds, which take long): each gives bytes, then takes them in this process.
    """
    common = {"site": handbook.config, "handbook": handbook}
    due = [(work, None, None) for work in alongside] + _due_pages(env, pages, writer, site)
    problems = []
    received, first_fatal = bytearray(len(due)), len(due)
    for position, data in shared_work(lambda item: _made(env, common, item[0]), due, PARALLEL_FROM):
        what, key, source = due[position]
        received[position] = 1
        if not isinstance(what, Page):
            what[1](data)  # work done alongside the pages takes its bytes
        elif data[:1] == _PAGE:
            writer.add(what.path, data[1:], key, source)
        else:
            problems.append((position, json.loads(data[1:])))
            if problems[-1][1][3]:
                first_fatal = min(first_fatal, position)
        if first_fatal < len(due) and received.find(0, 0, first_fatal) < 0:
            break  # every page before the first that cannot be rendered at all is done: the rest would fail again
    for _, (file, line, message, fatal) in sorted(problems):
        report.error(file, line, None, message)
        if fatal:
            return


def _due_pages(
    env: jinja2.Environment, pages: list[Page], writer, site: str
) -> list[tuple[Page, str | None, str]]:
    """(page, key, source) of each page the writer does not have from the same inputs, up to the first whose
    template cannot be loaded."""
    folder = _template_display(env, "")
    due = []
    for page in pages:
        key = (
            hashlib.sha1(f"{site}\0{page.inputs}".encode()).hexdigest()
            if page.inputs is not None
            else None
        )
        source = f"la page « {page.title} » (gabarit {folder}{page.template})"
        if not writer.unchanged(page.path, key, source):
            due.append((page, key, source))
    unloadable = _first_unloadable(env, [page for page, _, _ in due])
    return due if unloadable is None else due[: unloadable + 1]


def _first_unloadable(env: jinja2.Environment, pages: list[Page]) -> int | None:
    """The position of the first page whose template cannot be loaded, if any. Loading them here first also
    gives the worker processes compiled templates."""
    loaded = set()
    for position, page in enumerate(pages):
        if page.template in loaded:
            continue
        loaded.add(page.template)
        try:
            env.get_template(page.template)
        except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound):
            return position
        except Exception:  # noqa: BLE001 - reported with its page when it is rendered
            continue
    return None


def _made(env: jinja2.Environment, common: dict, work) -> bytes:
    return _rendered(env, common, work) if isinstance(work, Page) else work[0]()


def _rendered(env: jinja2.Environment, common: dict, page: Page) -> bytes:
    """One page: _PAGE and its bytes, or _PROBLEM and the problem met as JSON ([file, line, message, whether
    the template could not even be loaded]), with its template's file and line."""
    try:
        template = env.get_template(page.template)
        html = template.render({**common, **page.context, "page": page})
        return _PAGE + french_html(html).encode("utf-8")
    except jinja2.TemplateSyntaxError as error:
        problem = [
            _template_display(env, error.name or page.template),
            error.lineno,
            f"erreur de syntaxe dans le gabarit : {error.message}",
            True,
        ]
    except jinja2.TemplateNotFound as error:
        problem = [
            f"gabarit {error.name}",
            None,
            f"gabarit introuvable (demandé pour {page.path})",
            True,
        ]
    except Exception as error:  # noqa: BLE001 - any template failure is reported with its place
        name, line = _template_frame(error, Path(env.loader.searchpath[0]))
        problem = [
            _template_display(env, name or page.template),
            line,
            f"le gabarit a échoué en produisant {page.path} : {error}",
            False,
        ]
    return _PROBLEM + json.dumps(problem, ensure_ascii=False).encode("utf-8")


def _template_display(env: jinja2.Environment, name: str) -> str:
    folder = Path(env.loader.searchpath[0])
    return f"{folder.name}/{name}"


def _template_frame(error: Exception, folder: Path) -> tuple[str | None, int | None]:
    """The innermost template (its name within folder) and line of a rendering error (Jinja rewrites
    tracebacks this way)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.suffix in (".html", ".xml", ".txt", ".js", ".css"):
            return (
                path.relative_to(folder).as_posix() if folder in path.parents else path.name
            ), frame.lineno
    return None, None
