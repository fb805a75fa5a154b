"""The académie file's checks (academie.yaml): the schools' folders, each once, and the report's
folder. Values in, the list and problems out; whether the folders exist is the command's to see."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.check.rules import Fields
from handbook.problems import Report
from handbook.read.located import LocatedDict, LocatedList

ACADEMIE_KEYS = {
    "etablissements": "la liste des dossiers des établissements, relatifs à ce fichier",
    "rapport": "le dossier où écrire le rapport, relatif à ce fichier (par défaut : rapport)",
}
SCHOOLS_EXPECTED = (
    "la liste des dossiers des établissements, un par ligne commençant par « - », par exemple "
    "« - college-a »"
)


@dataclass(frozen=True)
class AcademieFile:
    schools: tuple[str, ...]  # folders, relative to the file
    report: str


def academie_of(raw: object, display: str, report: Report) -> AcademieFile | None:
    """The académie file's values; None with the problems reported."""
    if not isinstance(raw, LocatedDict):
        report.error(display, None, None, f"attendu : « etablissements: » puis {SCHOOLS_EXPECTED}")
        return None
    fields = Fields(raw, display, "", report)
    fields.check_keys(ACADEMIE_KEYS)
    listed = raw.get("etablissements")
    if not isinstance(listed, LocatedList) or not listed:
        fields.error(
            "etablissements" if "etablissements" in raw else None, f"attendu : {SCHOOLS_EXPECTED}"
        )
        return None
    schools: dict[str, int] = {}  # folder → its line
    for item, line in zip(listed, listed.item_lines):
        if not isinstance(item, str) or not item.strip():
            report.error(display, line, "etablissements", f"attendu : {SCHOOLS_EXPECTED}")
        elif item.strip() in schools:
            report.error(
                display,
                line,
                "etablissements",
                f"« {item.strip()} » est déjà dans la liste (ligne {schools[item.strip()]})",
            )
        else:
            schools[item.strip()] = line
    folder = fields.text("rapport", required=False, one_line=True) or "rapport"
    if report.errors:
        return None
    return AcademieFile(tuple(schools), folder)
