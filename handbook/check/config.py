"""The site configuration's checks: each option of site_config.yaml against its schema, the output
folder against the folders it must not overwrite, and the SOURCE_DATE_EPOCH value."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from handbook.check.rules import year_label_start
from handbook.problems import Report, did_you_mean
from handbook.read.located import LocatedDict

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from handbook.model import Config

UAI = re.compile(r"^\d{7}[A-Za-z]$")


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
    "base": Option(
        False,
        "le dossier du guide commun dont ce guide part (celui de l'académie), relatif à ce "
        "fichier, par exemple ../base",
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
    "nom_referent": Option(
        False,
        "le nom du référent Pix, que les guides citent par {référent}, par exemple M. Martin "
        "(un texte simple, sans crochets ni accolades)",
    ),
    "contact_referent": Option(
        False,
        "le moyen de joindre le référent Pix, que les guides citent par {contact référent} : une "
        "adresse électronique, un téléphone ou « messagerie de l'ENT » (un texte simple, sans "
        "crochets ni accolades)",
    ),
}
# Texts a guide quotes as they are: brackets would be a placeholder left in (« [nom du référent] »),
# braces a reference, which a quoted value cannot hold.
QUOTED_TEXTS = ("nom_referent", "contact_referent")
CHOICES = {
    "alsace_moselle": ("oui", "non", "true", "false", "True", "False"),
    "langue": ("fr",),
    "conformite_rgaa": ("non conforme", "partiellement conforme", "totalement conforme"),
}


def checked_options(raw: LocatedDict, display: str, report: Report) -> dict[str, str | None]:
    """Each option's text (its default when absent); every problem is reported, in the file that
    wrote the option (a base's, when the options are merged from layers)."""
    values: dict[str, str | None] = {}
    for key in raw:
        if key not in OPTIONS:
            report.error(*where(raw, display, key)[:2], str(key), unknown_key_message(key, OPTIONS))
    for name, option in OPTIONS.items():
        value = raw.get(name)
        if value is None or value == "":
            if option.required:
                own = " (chaque établissement écrit le sien : il n'est jamais repris de sa base)"
                report.error(
                    display,
                    raw.line,
                    name,
                    f"option obligatoire absente ; attendu : {option.expected}"
                    + (own if name == "etablissement" and raw.get("base") else ""),
                )
            values[name] = option.default
            continue
        if isinstance(value, (dict, list)):
            report.error(*where(raw, display, name), f"attendu : {option.expected}, pas une liste")
            continue
        values[name] = str(value).strip()
        problem = option_problem(name, values[name])
        if problem:
            report.error(
                *where(raw, display, name), f"« {value} » ne convient pas ; attendu : {problem}"
            )
    return values


def option_problem(name: str, value: str) -> str | None:
    """What the option expects, when its value does not fit; None when it does."""
    if "\n" in value:
        return f"{OPTIONS[name].expected}, sur une seule ligne"
    if fits_option(name, value):
        return None
    return OPTIONS[name].expected


def fits_option(name: str, value: str) -> bool:
    if name == "uai":
        return bool(UAI.match(value))
    if name == "annee_scolaire":
        return year_label_start(value) is not None
    if name == "url_publique":
        return is_web_address(value)
    if name == "zone_vacances":
        return value.upper() in ("A", "B", "C")
    if name in QUOTED_TEXTS:
        return not re.search(r"[][{}]", value)
    return value in CHOICES.get(name, (value,))


def is_web_address(value: str) -> bool:
    if not re.match(r"^https?://[^/\s]+", value):
        return False
    try:
        parts = urlsplit(value)
        return bool(parts.hostname) and (parts.port or 0) >= 0
    except (
        ValueError
    ):  # « https://[pix/ »: an unclosed IPv6 bracket, or a port that is not a number
        return False


def unknown_key_message(key: object, allowed) -> str:
    return (
        f"option inconnue « {key} »{did_you_mean(key, allowed)} ; options possibles : "
        + ", ".join(allowed)
    )


def where(raw: LocatedDict, display: str, key: str) -> tuple[str, int | None, str | None]:
    """(file, line, field) of an option; an option the file does not have is named by no line nor
    field (its default value is what the message speaks of)."""
    if key not in raw:
        return display, None, None
    return raw.file_of(key) or display, raw.line_of(key), key


def check_output_placement(
    config: Config, raw: LocatedDict, report: Report, output_given: bool
) -> None:
    """The output folder must neither hold nor sit inside the project's other folders."""
    out = config.output_dir
    said = (
        ("option --output", None, None)
        if output_given
        else where(raw, config.display, "dossier_sortie")
    )
    protected = {
        "le dossier du projet": config.root,
        "le dossier de contenu": config.content_dir,
        "le dossier des gabarits": config.templates_dir,
    }
    for label, folder in protected.items():
        if out == folder or out in folder.parents:
            report.error(
                *said,
                f"le dossier de sortie {out} est {label} ou le contient : "
                "la construction l'effacerait",
            )
        elif folder != config.root and folder in out.parents:
            report.error(
                *said,
                f"le dossier de sortie {out} est à l'intérieur de {label} ({folder}) : "
                "le site construit se mêlerait aux sources",
            )


SOURCE_DATE_EPOCH = "variable d'environnement SOURCE_DATE_EPOCH"
LAST_EPOCH = 253402300799  # 31 December 9999, the last second a date can hold


def updated(modified: float, epoch: str | None, report: Report) -> dt.datetime:
    """When the calendar last changed: SOURCE_DATE_EPOCH if set (its value is given, as set),
    else modified, the newer of the calendar's and the configuration's dates."""
    seconds = source_date_epoch(epoch, report)
    seconds = seconds if seconds is not None else int(modified)
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def source_date_epoch(value: str | None, report: Report) -> int | None:
    """SOURCE_DATE_EPOCH's seconds when it is set to a usable number; other values are reported."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        report.warn(
            SOURCE_DATE_EPOCH,
            None,
            None,
            f"« {value} » n'est pas un nombre de secondes depuis le 1er janvier 1970 : elle est "
            "ignorée, et la date des calendriers est celle de la dernière modification de "
            "calendar.yaml",
        )
        return None
    if int(value) > LAST_EPOCH:
        report.error(
            SOURCE_DATE_EPOCH,
            None,
            None,
            f"« {value} » est trop grand : attendu un nombre de secondes depuis le 1er janvier "
            f"1970, par exemple {int(time.time())} pour maintenant, ou retirez la variable",
        )
        return None
    return int(value)
