"""Checks across files: each guide at its own address, links to guides and their anchors, links
to local files, the guides tasks are tied to, and what nothing leads to."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from handbook import urls
from handbook.check.guide import ParsedGuide
from handbook.model import Domain, Period, Role, Task
from handbook.problems import Report, did_you_mean
from handbook.read import markdown
from handbook.read.load import COMPETENCES_FILE, CONTENT_FILES_DIR, GUIDES_DIR, GuideFile

SHOWN_ANCHORS = 30  # a message lists this many anchors at most: a long guide has thousands


def guides_by_slug(
    parsed: list[tuple[GuideFile, ParsedGuide | None]], report: Report
) -> tuple[dict[str, ParsedGuide], set[str]]:
    """The valid guides by the name of their page, and the names of those that exist but have
    errors (already reported); two guides for one page and reserved names are errors."""
    guides: dict[str, ParsedGuide] = {}
    broken: set[str] = set()
    for file, guide in parsed:
        slug = guide.guide.slug if guide else urls.slugify(file.name)
        if guide is None:
            broken.add(slug)
        elif slug in guides:
            report.error(
                file.display,
                1,
                None,
                f"ce guide aurait la même adresse (guides/{slug}.html) que "
                f"{guides[slug].guide.source} ; renommez l'un des deux fichiers",
            )
        elif urls.is_reserved_guide_slug(slug):
            report.error(
                file.display,
                1,
                None,
                f"le nom « {file.name} » est réservé par le site ; renommez le fichier",
            )
        else:
            guides[slug] = guide
    return guides, broken


def check_guide_links(
    guides: dict[str, ParsedGuide],
    broken: set[str],
    report: Report,
    removed: dict[str, tuple[str, int]] | None = None,
) -> None:
    """Links to a guide or an anchor must lead to it; messages show the links decoded, as the
    writer typed them (markdown-it percent-encodes them)."""
    # Every guide's anchors, in order, each found at once (a list made this quadratic).
    anchors = {
        slug: dict.fromkeys(heading.anchor for heading in parsed.guide.headings)
        for slug, parsed in guides.items()
    }
    removed = removed or {}
    for parsed in guides.values():
        own = anchors[parsed.guide.slug]
        for link in parsed.links:
            target, href = markdown.guide_slug_of(link.href), unquote(link.href)
            if target:
                slug, anchor = target
                if slug in broken:
                    continue
                if slug not in guides:
                    report.error(
                        *parsed.at(link.line),
                        None,
                        f"lien vers « {href} » : "
                        + (
                            removal(slug, removed)
                            if slug in removed
                            else f"aucun guide content/guides/{slug}.md"
                        ),
                    )
                elif anchor and anchor not in anchors[slug]:
                    advice = anchor_advice(href, anchor, anchors[slug], f"de {slug}")
                    report.error(
                        *parsed.at(link.line),
                        None,
                        f"lien vers « {href} » : le guide {slug} n'a pas de titre dont l'ancre est "
                        f"#{unquote(anchor)}{advice}",
                    )
            elif link.href.startswith("#") and link.href[1:] not in own:
                advice = anchor_advice(href, link.href[1:], own, "de ce guide")
                report.error(
                    *parsed.at(link.line),
                    None,
                    f"lien vers « {href} » : aucun titre de ce guide n'a cette ancre{advice}",
                )


def removal(slug: str, removed: dict[str, tuple[str, int]]) -> str:
    """Why a base's guide is gone, naming the file that removed it."""
    file, line = removed[slug]
    return (
        f"ce guide de la base est retiré par {file} (ligne {line}, « base: retirer ») ; "
        "retirez aussi ce renvoi, ou gardez le guide"
    )


def anchor_advice(href: str, anchor: str, existing: dict[str, None], whose: str) -> str:
    """How to write the anchor: without accents when that is the mistake, else the anchors that
    exist."""
    written = unquote(anchor)
    meant = urls.slugify(written)
    if meant in existing and meant != written:
        return (
            f" ; les ancres s'écrivent sans accents ni majuscules, les mots séparés par « - » : "
            f"écrivez {href.replace(written, meant)}"
        )
    if not existing:
        return " ; ce guide n'a aucun titre « ## » vers lequel renvoyer"
    shown = [f"#{name}" for name, _ in zip(existing, range(SHOWN_ANCHORS))]
    more = f" (et {len(existing) - len(shown)} autres)" if len(existing) > len(shown) else ""
    return f"{did_you_mean(written, list(existing))} ; ancres {whose} : " + ", ".join(shown) + more


def check_local_files(
    guides: dict[str, ParsedGuide], folder: str, files: frozenset[str], report: Report
) -> None:
    """Links to files must lead into content/fichiers/, the only content folder copied into the
    site; folder: the content folder's name; files: its files, as posix paths relative to it."""
    for parsed in guides.values():
        for link in parsed.links:
            if not markdown.is_local_file(link.href):
                continue
            problem = _local_file_problem(link.href, guides, folder, files)
            if problem:
                report.error(
                    *parsed.at(link.line),
                    None,
                    f"lien vers « {unquote(link.href)} » : " + problem,
                )


def _local_file_problem(
    href: str, guides: dict[str, ParsedGuide], folder: str, files: frozenset[str]
) -> str | None:
    path = unquote(href.split("#")[0].split("?")[0])
    target = posixpath.normpath(posixpath.join(GUIDES_DIR, path))
    page, _, anchor = href.partition("#")
    slug = posixpath.basename(unquote(page))[: -len(".html")] if page.endswith(".html") else None
    if slug in guides:
        return f"un lien vers un guide s'écrit avec le nom de son fichier : {slug}.md" + (
            f"#{anchor}" if anchor else ""
        )
    if not target.startswith(f"{CONTENT_FILES_DIR}/"):
        return (
            f"seuls les fichiers de {folder}/{CONTENT_FILES_DIR}/ sont publiés ; placez-y le "
            f"fichier et écrivez le lien ../{CONTENT_FILES_DIR}/nom-du-fichier"
        )
    if target not in files:
        return f"ce fichier n'existe pas dans {folder}/"
    return None


def check_task_guides(
    calendar: str,
    tasks: list[Task],
    slugs: set[str],
    report: Report,
    removed: dict[str, tuple[str, int]] | None = None,
) -> set[str]:
    """Each guide a task of calendar.yaml (file name: calendar) is tied to must exist; slugs: the
    guides that exist. The guides tied to a task."""
    used: set[str] = set()
    removed = removed or {}
    for task in tasks:
        for slug in task.guide_slugs:
            used.add(slug)
            if slug not in slugs:
                hint = did_you_mean(slug, sorted(slugs))
                gone = f": {removal(slug, removed)}" if slug in removed else ""
                report.error(
                    task.source or calendar,
                    task.line,
                    f"periodes › {task.period_number} › taches › {task.role_id} › guide",
                    f"la tâche « {task.text} » renvoie au guide « {slug} », qui n'existe pas "
                    + (gone or f"(aucun fichier content/guides/{slug}.md){hint}"),
                )
    return used


def check_formats(guides: dict[str, ParsedGuide], domains: list[Domain], report: Report) -> None:
    for parsed in guides.values():
        if parsed.guide.format == "competences" and not domains:
            report.error(
                parsed.guide.source,
                None,
                "format",
                f"le format competences affiche les fiches de content/{COMPETENCES_FILE}, "
                "qui manque ou ne contient aucun domaine",
            )


def warn_unused(
    calendar: str,
    roles: list[Role],
    periods: list[Period],
    guides: dict[str, ParsedGuide],
    task_slugs: set[str],
    report: Report,
) -> None:
    """Roles without a task, guides nothing leads to (warnings)."""
    for role in roles:
        if not any(period.tasks.get(role.id) for period in periods):
            report.warn(calendar, None, "roles", f"le rôle « {role.id} » n'a aucune tâche")
    linked_from_guides = {
        slug
        for parsed in guides.values()
        for slug in parsed.guide.linked_slugs
        if slug != parsed.guide.slug
    }
    for slug, parsed in guides.items():
        if slug not in task_slugs and slug not in linked_from_guides:
            report.warn(
                parsed.guide.source,
                None,
                None,
                "aucune tâche du calendrier ni aucun autre guide ne renvoie à ce guide : "
                "les lecteurs ne le trouveront que par l'index des guides",
            )
