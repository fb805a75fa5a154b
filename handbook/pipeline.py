"""The whole build, one stage after the other: load → validate → model → render → write."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .feeds import feed_files
from .load import list_files
from .model import Handbook
from .problems import BuildFailed, Report
from .render import POSTER_SIZES, make_environment, poster_overflows, render_pages, site_pages
from .urls import STATIC
from .validate import validate
from .write import check_output_folder, write_site

CONTENT_FILES_DIR = "fichiers"


@dataclass(frozen=True)
class Options:
    config: Path
    content: Path | None = None
    output: Path | None = None
    strict: bool = False
    write: bool = True


@dataclass(frozen=True)
class Result:
    config: Config
    handbook: Handbook
    files: dict[str, bytes]
    copies: dict[str, Path]
    warnings: list
    seconds: float

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))

    @property
    def feed_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".ics"))


def build(options: Options) -> Result:
    """Build the site; raise BuildFailed with every problem found, leaving the output untouched."""
    started = time.perf_counter()
    report = Report()
    config = load_config(options.config, report, options.content, options.output)
    handbook = validate(config, report)
    if options.write:
        check_output_folder(config.output_dir, report, config.display)
    if report.errors or handbook is None:
        raise BuildFailed(report)
    if not config.base_url:
        report.warn(config.display, None, "url_publique",
                    "sans l'adresse du site sur l'intranet, la page d'abonnement ne propose que le téléchargement "
                    "des calendriers (pas d'abonnement qui se met à jour tout seul)")
    for size in POSTER_SIZES:
        if poster_overflows(handbook, size):
            report.warn(_display_calendar(config), None, None,
                        f"l'affiche {size.name} risque de ne plus tenir sur une seule feuille : raccourcissez des tâches, "
                        "ou imprimez-la en vérifiant l'aperçu")
    files = render_pages(make_environment(config.templates_dir), handbook, site_pages(handbook), report)
    files.update(feed_files(handbook))
    copies = static_copies(config)
    if options.strict:
        for warning in report.warnings:
            report.error(warning.file, warning.line, warning.field, f"{warning.message} (avertissement refusé par --strict)")
        report.warnings.clear()
    if report.errors:
        raise BuildFailed(report)
    if options.write:
        write_site(config.output_dir, files, copies)
    return Result(config, handbook, files, copies, report.warnings, time.perf_counter() - started)


def _display_calendar(config: Config) -> str:
    return f"{config.content_dir.name}/calendar.yaml"


def static_copies(config: Config) -> dict[str, Path]:
    """Files copied as they are: the templates' static/ folder and the content's fichiers/ folder."""
    copies: dict[str, Path] = {}
    for folder, prefix in ((config.templates_dir / STATIC, STATIC),
                           (config.content_dir / CONTENT_FILES_DIR, CONTENT_FILES_DIR)):
        for path in list_files(folder, "**/*"):
            copies[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
    return copies
