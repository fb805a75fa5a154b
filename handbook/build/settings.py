"""The site's settings: site_config.yaml read (read/config.py), its options checked
(check/config.py), its folders resolved and looked for on the disk, and the SOURCE_DATE_EPOCH
environment variable read; the first step of every command."""

from __future__ import annotations

import os
from pathlib import Path

from handbook.check.academie import AcademieFile, academie_of
from handbook.check.config import check_output_placement, checked_options, where
from handbook.merge.options import layer_writing, merged_options
from handbook.model import Base, Config, SchoolYear
from handbook.problems import BuildFailed, Report, command
from handbook.read.config import ConfigLayer, read_layers
from handbook.read.load import load_yaml
from handbook.read.located import LocatedDict

GENERATOR_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def load_config(
    path: Path, report: Report, content: Path | None = None, output: Path | None = None
) -> Config:
    """Read site_config.yaml, with its bases' when it names one, and have it checked; command-line
    folders override the file's. Raises BuildFailed."""
    path = path.resolve()
    layers = read_layers(path, report)
    if layers is None:
        raise BuildFailed(report)
    display, raw = layers[0].display, merged_options(layers, report)
    values = checked_options(raw, display, report)
    if report.errors:
        raise BuildFailed(report)
    root = path.parent
    templates = layer_writing(layers, "dossier_gabarits").root
    config = Config(
        path=path,
        root=root,
        title=values["titre"],
        school=values["etablissement"],
        uai=values["uai"].upper() if values["uai"] else None,
        school_year=SchoolYear.of(values["annee_scolaire"]),
        base_url=_with_slash(values["url_publique"]),
        content_dir=(content or root / values["dossier_contenu"]).resolve(),
        templates_dir=(templates / values["dossier_gabarits"]).resolve()
        if values["dossier_gabarits"]
        else GENERATOR_TEMPLATES,
        output_dir=(output or root / values["dossier_sortie"]).resolve(),
        language=values["langue"],
        compliance=values["conformite_rgaa"],
        accessibility_contact=values["contact_accessibilite"],
        holiday_zone=values["zone_vacances"].upper() if values["zone_vacances"] else None,
        alsace_moselle=values["alsace_moselle"] in ("oui", "true", "True"),
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        bases=tuple(_base_of(layer, report) for layer in layers[1:]),
        referent_name=values["nom_referent"],
        referent_contact=values["contact_referent"],
    )
    _check_folders(config, raw, display, report, content is not None, output is not None)
    if report.errors:
        raise BuildFailed(report)
    return config


ACADEMIE_FILE = "academie.yaml"


def load_academie(path: Path, report: Report) -> tuple[Path, AcademieFile | None]:
    """The académie at path (its folder, or its academie.yaml): its folder, and its file's values
    checked; None with the problems reported."""
    file = (path / ACADEMIE_FILE if path.is_dir() else path).resolve()
    read = load_yaml(file, file.parent)
    report.errors.extend(read.problems)
    if read.problems:
        return file.parent, None
    return file.parent, academie_of(read.value, read.display, report)


def _base_of(layer: ConfigLayer, report: Report) -> Base:
    """A base's content folder, which must exist."""
    named = layer.options.get("dossier_contenu") or "content"
    folder = (layer.root / str(named)).resolve()
    if not folder.is_dir():
        report.error(
            *where(layer.options, layer.display, "dossier_contenu"),
            f"le dossier de contenu de la base {folder} n'existe pas",
        )
    return Base(layer.path, folder)


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
    check_output_placement(config, raw, report, output_given)
    if not config.content_dir.is_dir() and not (config.bases and not content_given):
        if content_given:
            report.error(
                "option --content",
                None,
                None,
                f"le dossier de contenu {config.content_dir} n'existe pas",
            )
        else:
            report.error(
                *where(raw, display, "dossier_contenu"),
                f"le dossier de contenu {config.content_dir} n'existe pas ; il contient "
                "calendar.yaml et guides/ (pour créer un guide complet : "
                f"{command('nouvel-etablissement DOSSIER')})",
            )
    if not config.templates_dir.is_dir():
        report.error(
            display,
            raw.line_of("dossier_gabarits"),
            "dossier_gabarits",
            f"le dossier des gabarits {config.templates_dir} n'existe pas ; si vous avez copié le "
            "site_config.yaml du guide livré, retirez cette ligne : sans elle, les gabarits "
            "fournis avec le générateur sont utilisés",
        )
