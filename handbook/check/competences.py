"""content/competences.yaml's checks: the domains of the reference framework and their
competences, which the guides of format « competences » show."""

from __future__ import annotations

from handbook.check.rules import Fields, items
from handbook.model import Competence, Domain
from handbook.problems import Report
from handbook.read.load import YamlFile
from handbook.read.located import LocatedDict


def domains_of(competences: YamlFile | None, report: Report) -> list[Domain]:
    """The valid domains (none without the file); each problem is reported."""
    if competences is None:
        return []
    report.errors.extend(competences.problems)
    raw = competences.value
    if not isinstance(raw, LocatedDict):
        if raw is not None or not competences.problems:
            report.error(
                competences.display,
                None,
                None,
                "attendu : « domaines: » suivi de la liste des domaines",
            )
        return []
    top = Fields(raw, competences.display, "", report)
    top.check_keys({"domaines": "les domaines du cadre de référence et leurs compétences"})
    domains = []
    for _, fields in items(
        top.sequence("domaines"),
        top.file,
        "domaines",
        report,
        "un domaine avec numero, nom, competences",
    ):
        fields.check_keys(
            {
                "numero": "numéro du domaine",
                "nom": "nom du domaine",
                "competences": "ses compétences",
            }
        )
        number, name = fields.mapping.get("numero"), fields.text("nom")
        if not isinstance(number, int):
            fields.error(
                "numero" if "numero" in fields.mapping else None,
                "attendu : le numéro du domaine (1 à 5)",
            )
            continue
        if name:
            domains.append(Domain(number, name, tuple(_competences_of(fields, top.file, report))))
    return domains


def _competences_of(fields: Fields, file: str, report: Report) -> list[Competence]:
    competences = []
    for _, item in items(
        fields.sequence("competences"),
        file,
        fields.name("competences"),
        report,
        "une compétence avec code, nom, disciplines",
    ):
        item.check_keys(
            {"code": 'code comme "1.1"', "nom": "intitulé", "disciplines": "liste des disciplines"}
        )
        code, label = item.text("code", expected='un code comme "1.1"'), item.text("nom")
        subjects = [
            str(subject).strip()
            for subject in item.sequence("disciplines")
            if isinstance(subject, str) and subject.strip()
        ]
        if code and label:
            competences.append(Competence(code, label, tuple(subjects)))
    return competences
