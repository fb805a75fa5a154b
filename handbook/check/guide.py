"""A guide's checks: its file name, its front matter (titre, resume, roles, regles, format) and the
links its body must never hold; the calendar references it quotes are kept for references.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook import urls
from handbook.check.rules import Fields, year_label_problem
from handbook.model import Guide, Role
from handbook.problems import Report, did_you_mean
from handbook.read import markdown, references
from handbook.read.load import GuideFile
from handbook.read.located import LocatedDict

GUIDE_KEYS = {
    "titre": "titre du guide, obligatoire",
    "resume": "une phrase de présentation",
    "roles": "les rôles concernés",
    "regles": "l'année scolaire dont le guide décrit les règles",
    "format": "guide, diaporama, affiche ou competences",
}
GUIDE_FORMATS = {
    "guide": "une page de guide, le format par défaut",
    "diaporama": "une diapositive par titre de niveau 2, écrit ##",
    "affiche": "une affiche imprimable sur une page A4",
    "competences": "le guide suivi des fiches de compétences par discipline, tirées de "
    "content/competences.yaml",
}
SCRIPT_LINK = re.compile(r"\]\(\s*(javascript|vbscript|data):", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedGuide:
    guide: Guide
    links: tuple[markdown.Link, ...]
    # calendar references in the front matter and the body, with their lines
    references: tuple[references.Reference, ...] = ()
    written_dates: tuple[references.WrittenDate, ...] = ()  # calendar-like dates written in full
    file: GuideFile | None = None

    def at(self, line: int) -> tuple[str, int]:
        """The file and line that wrote a line of the guide: a base's, in a guide a school
        completed."""
        return self.file.written_at(line) if self.file else (self.guide.source, line)


def parsed_guide(
    file: GuideFile, body: markdown.RenderedMarkdown | None, roles: list[Role], report: Report
) -> ParsedGuide | None:
    """The guide read from its file and processed body; None when it has errors (reported)."""
    report.errors.extend(file.problems)
    slug = urls.slugify(file.name)
    if file.digest and not slug:  # read, but its name has neither letters nor digits
        report.error(
            file.display, None, None, "le nom du fichier doit contenir des lettres ou des chiffres"
        )
        return None
    if file.front is None:
        return None
    fields = Fields(
        file.front if isinstance(file.front, LocatedDict) else LocatedDict(1),
        file.display,
        "",
        report,
    )
    head = _front_matter(fields, roles)
    _check_script_links(file, report)
    if head is None or body is None:
        return None
    linked = frozenset(
        target[0] for link in body.links if (target := markdown.guide_slug_of(link.href))
    )
    guide = Guide(
        slug,
        head["title"],
        head["summary"],
        head["roles"],
        head["rules"],
        head["format"],
        file.display,
        body.headings,
        linked,
        file.digest,
        body.body,
        body.sections,
        body.slides,
    )
    in_front = tuple(
        reference
        for key in ("titre", "resume")
        if isinstance(fields.mapping.get(key), str)
        for reference in references.scan(fields.mapping[key], fields.line(key))[0]
    )
    return ParsedGuide(guide, body.links, in_front + body.references, body.written_dates, file)


def _front_matter(fields: Fields, roles: list[Role]) -> dict | None:
    """The guide's own fields, checked; None without a title."""
    fields.check_keys(GUIDE_KEYS)
    title = fields.text("titre", expected="le titre du guide", one_line=True)
    summary = fields.text("resume", required=False) or ""
    guide_roles = _guide_roles(fields, roles)
    rules = fields.text("regles", required=False)
    if rules and (problem := year_label_problem(rules)):
        fields.error("regles", problem)
        rules = None
    guide_format = fields.text("format", required=False) or "guide"
    if guide_format not in GUIDE_FORMATS:
        fields.error(
            "format",
            f"« {guide_format} » inconnu ; formats possibles : "
            + ", ".join(f"{name} ({meaning})" for name, meaning in GUIDE_FORMATS.items()),
        )
    if title is None:
        return None
    return {
        "title": title,
        "summary": summary,
        "roles": guide_roles,
        "rules": rules,
        "format": guide_format,
    }


def _check_script_links(file: GuideFile, report: Report) -> None:
    for match in SCRIPT_LINK.finditer(file.body):
        report.error(
            file.display,
            file.body_line + file.body.count("\n", 0, match.start()),
            None,
            "lien refusé : un lien javascript:, vbscript: ou data: pourrait exécuter du code chez "
            "le lecteur",
        )


def _guide_roles(fields: Fields, roles: list[Role]) -> tuple[str, ...]:
    value = fields.mapping.get("roles")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    known = [role.id for role in roles]
    chosen = []
    for item in values:
        if not isinstance(item, str) or (known and item not in known):
            fields.error(
                "roles",
                f"rôle inconnu « {item} »{did_you_mean(item, known)} ; "
                f"rôles déclarés dans calendar.yaml : {', '.join(known)}",
            )
        else:
            chosen.append(item)
    return tuple(chosen)
