"""site_config.yaml: read, check every option against its schema, and resolve the folders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from handbook.problems import BuildFailed, Report, command, did_you_mean, shown_path
from handbook.read.files import read_text
from handbook.read.located import LocatedDict, parse_yaml

GENERATOR_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
UAI = re.compile(r"^\d{7}[A-Za-z]$")
SCHOOL_YEAR = re.compile(r"([0-9]{4})-([0-9]{4})")  # ASCII digits: \d takes any script's digits


@dataclass(frozen=True)
class Option:
    required: bool
    expected: str
    default: str | None = None


OPTIONS = {
    "titre": Option(True, "le titre du site, par exemple « Guide Pix du collège »"),
    "etablissement": Option(True, "le nom de l'établissement"),
    "uai": Option(
        False, "le code UAI de l'établissement : 7 chiffres et une lettre, par exemple 0751234A"
    ),
    "annee_scolaire": Option(True, "l'année scolaire sous la forme 2023-2024"),
    "url_publique": Option(
        False, "l'adresse du site sur l'intranet, commençant par https:// ou http://"
    ),
    "dossier_contenu": Option(False, "un nom de dossier", "content"),
    "dossier_gabarits": Option(
        False, "un nom de dossier (sans cette option : les gabarits fournis avec le générateur)"
    ),
    "dossier_sortie": Option(False, "un nom de dossier", "output"),
    "langue": Option(False, "fr (seule langue proposée)", "fr"),
    "conformite_rgaa": Option(
        False,
        "non conforme, partiellement conforme ou totalement conforme "
        "(résultat de l'audit d'accessibilité ; sans audit : non conforme)",
        "non conforme",
    ),
    "contact_accessibilite": Option(
        False, "une adresse électronique ou un service à contacter", None
    ),
    "zone_vacances": Option(
        False,
        "la zone des vacances scolaires de l'établissement : A, B ou C (Corse, outre-mer : "
        "écrivez vos vacances dans content/vacances.yaml)",
        None,
    ),
    "alsace_moselle": Option(
        False,
        "oui ou non : oui ajoute les jours fériés d'Alsace-Moselle (Vendredi saint, 26 décembre)",
        "non",
    ),
}


@dataclass(frozen=True)
class SchoolYear:
    start_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 8, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 7, 31)

    def __contains__(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def school_year_of(text: str) -> SchoolYear | None:
    """The school year written as 2023-2024 (two years that follow, from 0001-0002 to 9998-9999,
    whose dates exist), or None."""
    match = SCHOOL_YEAR.fullmatch(text)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        return None
    if not 1 <= int(match.group(1)) <= 9998:
        return None
    return SchoolYear(int(match.group(1)))


@dataclass(frozen=True)
class Config:
    path: Path
    root: Path
    title: str
    school: str
    uai: str | None
    school_year: SchoolYear
    base_url: str | None
    content_dir: Path
    templates_dir: Path
    output_dir: Path
    language: str
    compliance: str
    accessibility_contact: str | None
    holiday_zone: str | None = (
        None  # A, B or C; None: no school holidays unless content/vacances.yaml gives them
    )
    alsace_moselle: bool = False

    @property
    def display(self) -> str:
        return self.path.name


def load_config(
    path: Path, report: Report, content: Path | None = None, output: Path | None = None
) -> Config:
    """Read and check site_config.yaml; command-line folders override the file's. Raises BuildFailed."""
    path = path.resolve()
    source = read_text(path, path.parent, report)
    if source is None and not path.exists():
        report.errors[-1] = dataclasses.replace(report.errors[-1], message=_missing_config(path))
    raw = parse_yaml(source, report) if source else None
    if source and not isinstance(raw, LocatedDict):
        if raw is not None or not report.errors:
            report.error(
                source.display,
                None,
                None,
                "le fichier doit contenir des lignes « option: valeur » (titre, etablissement, annee_scolaire…)",
            )
    if report.errors:
        raise BuildFailed(report)
    values = _checked_options(raw, source.display, report)
    if report.errors:
        raise BuildFailed(report)
    root = path.parent
    config = Config(
        path=path,
        root=root,
        title=values["titre"],
        school=values["etablissement"],
        uai=values["uai"].upper() if values["uai"] else None,
        school_year=SchoolYear(int(values["annee_scolaire"][:4])),
        base_url=_with_slash(values["url_publique"]),
        content_dir=(content or root / values["dossier_contenu"]).resolve(),
        templates_dir=(root / values["dossier_gabarits"]).resolve()
        if values["dossier_gabarits"]
        else GENERATOR_TEMPLATES,
        output_dir=(output or root / values["dossier_sortie"]).resolve(),
        language=values["langue"],
        compliance=values["conformite_rgaa"],
        accessibility_contact=values["contact_accessibilite"],
        holiday_zone=values["zone_vacances"].upper() if values["zone_vacances"] else None,
        alsace_moselle=values["alsace_moselle"] in ("oui", "true", "True"),
    )
    _check_folders(config, raw, source.display, report, content is not None, output is not None)
    if report.errors:
        raise BuildFailed(report)
    return config


def _missing_config(path: Path) -> str:
    """What to do when there is no configuration where the command looked."""
    folder = (
        "ce dossier"
        if path.parent == Path.cwd().resolve()
        else f"le dossier {shown_path(path.parent)}/"
    )
    return (
        f"fichier introuvable dans {folder} : lancez la commande depuis le dossier du guide, "
        f"ou indiquez la configuration avec --config ; pour commencer le guide d'un autre établissement : "
        f"{command('nouvel-etablissement DOSSIER')}"
    )


def _checked_options(raw: LocatedDict, display: str, report: Report) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for key in raw:
        if key not in OPTIONS:
            report.error(display, raw.line_of(key), str(key), _unknown_key_message(key, OPTIONS))
    for name, option in OPTIONS.items():
        value = raw.get(name)
        if value is None or value == "":
            if option.required:
                report.error(
                    display,
                    raw.line,
                    name,
                    f"option obligatoire absente ; attendu : {option.expected}",
                )
            values[name] = option.default
            continue
        if isinstance(value, (dict, list)):
            report.error(
                display, raw.line_of(name), name, f"attendu : {option.expected}, pas une liste"
            )
            continue
        values[name] = str(value).strip()
        problem = _option_problem(name, values[name])
        if problem:
            report.error(
                display,
                raw.line_of(name),
                name,
                f"« {value} » ne convient pas ; attendu : {problem}",
            )
    return values


def _option_problem(name: str, value: str) -> str | None:
    if "\n" in value:
        return f"{OPTIONS[name].expected}, sur une seule ligne"
    if name == "uai" and not UAI.match(value):
        return OPTIONS[name].expected
    if name == "annee_scolaire" and school_year_of(value) is None:
        return OPTIONS[name].expected
    if name == "url_publique" and not _is_web_address(value):
        return OPTIONS[name].expected
    if name == "zone_vacances" and value.upper() not in ("A", "B", "C"):
        return OPTIONS[name].expected
    if name == "alsace_moselle" and value not in ("oui", "non", "true", "false", "True", "False"):
        return OPTIONS[name].expected
    if name == "langue" and value != "fr":
        return OPTIONS[name].expected
    if name == "conformite_rgaa" and value not in (
        "non conforme",
        "partiellement conforme",
        "totalement conforme",
    ):
        return OPTIONS[name].expected
    return None


def _is_web_address(value: str) -> bool:
    if not re.match(r"^https?://[^/\s]+", value):
        return False
    try:
        parts = urlsplit(value)
        return bool(parts.hostname) and (parts.port or 0) >= 0
    except (
        ValueError
    ):  # « https://[pix/ »: an unclosed IPv6 bracket, or a port that is not a number
        return False


def _unknown_key_message(key: object, allowed) -> str:
    return (
        f"option inconnue « {key} »{did_you_mean(key, allowed)} ; options possibles : "
        + ", ".join(allowed)
    )


def _with_slash(url: str | None) -> str | None:
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def _check_folders(
    config: Config,
    raw: LocatedDict,
    display: str,
    report: Report,
    content_given: bool,
    output_given: bool,
) -> None:
    _check_output_folder(config, raw, report, output_given)
    if not config.content_dir.is_dir():
        if content_given:
            report.error(
                "option --content",
                None,
                None,
                f"le dossier de contenu {config.content_dir} n'existe pas",
            )
        else:
            report.error(
                *_where(raw, display, "dossier_contenu"),
                f"le dossier de contenu {config.content_dir} n'existe pas ; il contient calendar.yaml et "
                f"guides/ (pour créer un guide complet : {command('nouvel-etablissement DOSSIER')})",
            )
    if not config.templates_dir.is_dir():
        report.error(
            display,
            raw.line_of("dossier_gabarits"),
            "dossier_gabarits",
            f"le dossier des gabarits {config.templates_dir} n'existe pas ; si vous avez copié le "
            "site_config.yaml du guide livré, retirez cette ligne : sans elle, les gabarits fournis avec "
            "le générateur sont utilisés",
        )


def _where(raw: LocatedDict, display: str, key: str) -> tuple[str, int | None, str | None]:
    """(file, line, field) of an option; an option the file does not have is named by no line nor field
    (its default value is what the message speaks of)."""
    return (display, raw.line_of(key), key) if key in raw else (display, None, None)


def _check_output_folder(
    config: Config, raw: LocatedDict, report: Report, output_given: bool
) -> None:
    out = config.output_dir
    where = (
        ("option --output", None, None)
        if output_given
        else _where(raw, config.display, "dossier_sortie")
    )
    protected = {
        "le dossier du projet": config.root,
        "le dossier de contenu": config.content_dir,
        "le dossier des gabarits": config.templates_dir,
    }
    for label, folder in protected.items():
        if out == folder or out in folder.parents:
            report.error(
                *where,
                f"le dossier de sortie {out} est {label} ou le contient : "
                "la construction l'effacerait",
            )
        elif folder != config.root and folder in out.parents:
            report.error(
                *where,
                f"le dossier de sortie {out} est à l'intérieur de {label} ({folder}) : "
                "le site construit se mêlerait aux sources",
            )
