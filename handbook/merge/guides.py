"""A school's guides over its base's, by file name: a school adds its own guides; a guide named as
one of the base's replaces it, completes it or removes it only when its front matter says so
(« base: remplacer », « base: compléter », « base: retirer »), so that nothing replaces a base's
guide by accident."""

from __future__ import annotations

import dataclasses
import hashlib

from handbook.merge import divergences as said
from handbook.merge.divergences import Divergence
from handbook.merge.values import overlaid, without
from handbook.problems import Report, did_you_mean
from handbook.read.load import GuideFile
from handbook.read.located import LocatedDict

BASE_KEY = "base"
REPLACE, COMPLETE, REMOVE = "remplacer", "compléter", "retirer"
WAYS = {REPLACE: REPLACE, COMPLETE: COMPLETE, "completer": COMPLETE, REMOVE: REMOVE}
EXPECTED = "remplacer, compléter ou retirer (le guide de la base du même nom)"


def merged_guides(
    base: tuple[GuideFile, ...],
    school: tuple[GuideFile, ...],
    report: Report,
    noted: list[Divergence] | None = None,
) -> tuple[tuple[GuideFile, ...], dict[str, tuple[str, int]]]:
    """The guides of the site, by name, and the base's guides the school removed (name → file and
    line of « base: retirer »); noted gets what the school changes."""
    noted = [] if noted is None else noted
    guides = {guide.name: guide for guide in base}
    removed: dict[str, tuple[str, int]] = {}
    for own in school:
        way, line = _way(own, report)
        if way is None:
            continue
        original = guides.get(own.name)
        if original is None and way:
            report.error(
                own.display,
                line,
                BASE_KEY,
                f"la base n'a pas de guide « {own.name} »{did_you_mean(own.name, list(guides))} : "
                f"il n'y a rien à {way} ; sans « base: », ce guide s'ajoute à ceux de la base",
            )
        elif original is None:
            guides[own.name] = own
            noted.append(Divergence(said.ADDED, "guide", own.name, own.display, 1))
        elif not way:
            report.error(
                own.display,
                1,
                None,
                f"la base a déjà un guide « {own.name} » ({original.display}) ; pour le "
                "remplacer, écrivez « base: remplacer » dans l'en-tête de celui-ci ; pour y "
                "ajouter un passage sans le recopier, « base: compléter » ; sinon, donnez à ce "
                "fichier un autre nom",
            )
        else:
            action = {REMOVE: said.REMOVED, REPLACE: said.REPLACED, COMPLETE: said.COMPLETED}[way]
            digest = original.digest[:12]
            noted.append(Divergence(action, "guide", own.name, own.display, line, digest))
            if way == REMOVE:
                del guides[own.name]
                removed[own.name] = (own.display, line)
            elif way == REPLACE:
                guides[own.name] = _without_way(own)
            else:
                guides[own.name] = completed(original, own)
    return tuple(sorted(guides.values(), key=lambda guide: guide.name)), removed


def _way(own: GuideFile, report: Report) -> tuple[str | None, int]:
    """What the school's guide does to the base's (« » when it says nothing: it is its own), with
    the line that says it; None when it cannot be told."""
    front = own.front
    if not isinstance(front, LocatedDict) or BASE_KEY not in front:
        return "", 1
    written = str(front[BASE_KEY]).strip().lower()
    if written not in WAYS:
        report.error(
            own.display,
            front.line_of(BASE_KEY),
            BASE_KEY,
            f"« {front[BASE_KEY]} » ne convient pas ; attendu : {EXPECTED}"
            f"{did_you_mean(written, list(WAYS))}",
        )
        return None, 1
    return WAYS[written], front.line_of(BASE_KEY)


def _without_way(own: GuideFile) -> GuideFile:
    return dataclasses.replace(own, front=without(own.front, (BASE_KEY,)))


def completed(original: GuideFile, own: GuideFile) -> GuideFile:
    """The base's guide with the school's front matter fields over its own and the school's text
    after its text: the base's text is never copied into the school's file."""
    front = (
        overlaid(original.front, own.front, skip=(BASE_KEY,))
        if isinstance(original.front, LocatedDict) and isinstance(own.front, LocatedDict)
        else original.front
    )
    text = original.body.rstrip("\n")
    own_from = original.body_line + text.count("\n") + 2  # after one empty line
    return dataclasses.replace(
        own,
        front=front,
        body=f"{text}\n\n{own.body}",
        body_line=original.body_line,
        digest=hashlib.sha1(f"{original.digest} {own.digest}".encode()).hexdigest(),
        problems=original.problems + own.problems,
        completed=original.display,
        own_from=own_from,
        own_line=own.body_line,
    )
