"""The whole build, one stage after the other: load → validate → model → render → write."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import folder_for
from .config import Config, load_config
from .feeds import feed_files
from .search import INDEX_PATH, index_script
from .load import list_files
from .model import Handbook
from .problems import BuildFailed, Report
from .render import (POSTER_SIZES, RenderCache, make_environment, poster_overflows, render_pages, site_key,
                     site_pages)
from .urls import STATIC
from .validate import CALENDAR_FILE, GuideCache, validate
from .write import check_output_folder, update_site, write_site

CONTENT_FILES_DIR = "fichiers"


@dataclass(frozen=True)
class Options:
    config: Path
    content: Path | None = None
    output: Path | None = None
    strict: bool = False
    write: bool = True
    disk_cache: bool = True  # keep processed guides in .cache/ beside site_config.yaml


@dataclass
class Cache:
    """What a rebuild can reuse from the previous build (serve mode): parsed guides, rendered pages, written files."""
    guides: GuideCache = field(default_factory=GuideCache)
    rendered: RenderCache = field(default_factory=RenderCache)
    environment: tuple[str, object] | None = None  # (templates digest, Jinja environment)
    written: dict[str, bytes] | None = None  # the files of the site now in the output folder


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


def build(options: Options, cache: Cache | None = None) -> Result:
    """Build the site; raise BuildFailed with every problem found, leaving the output untouched.

    With a cache (serve mode), unchanged guides are not parsed again, unchanged guide pages not rendered
    again, and only the files that changed are written; the result is the same as a full build's.
    """
    started = time.perf_counter()
    cache = cache or Cache()
    report = Report()
    config = load_config(options.config, report, options.content, options.output)
    handbook = validate(config, report, cache.guides, folder_for(config.root) if options.disk_cache else None)
    if options.write:
        check_output_folder(config.output_dir, report, config.display)
    if report.errors or handbook is None:
        raise BuildFailed(report)
    warn_about_output(handbook, report)
    files = rendered_files(handbook, cache, report)
    copies = static_copies(config)
    if options.strict:
        for warning in report.warnings:
            report.error(warning.file, warning.line, warning.field, f"{warning.message} (avertissement refusé par --strict)")
        report.warnings.clear()
    if report.errors:
        raise BuildFailed(report)
    if options.write:
        if cache.written is None:
            write_site(config.output_dir, files, copies)
        else:
            update_site(config.output_dir, files, copies, cache.written)
        cache.written = files
    return Result(config, handbook, files, copies, report.warnings, time.perf_counter() - started)


def warn_about_output(handbook: Handbook, report: Report) -> None:
    """What the content allows but a reader would miss: subscriptions without an address, a crowded poster."""
    config = handbook.config
    if not config.base_url:
        report.warn(config.display, None, "url_publique",
                    "sans l'adresse du site sur l'intranet, la page d'abonnement ne propose que le téléchargement "
                    "des calendriers (pas d'abonnement qui se met à jour tout seul)")
    for size in POSTER_SIZES:
        if poster_overflows(handbook, size):
            report.warn(f"{config.content_dir.name}/{CALENDAR_FILE}", None, None,
                        f"l'affiche {size.name} risque de ne plus tenir sur une seule feuille : raccourcissez des tâches, "
                        "ou imprimez-la en vérifiant l'aperçu")


def rendered_files(handbook: Handbook, cache: Cache, report: Report) -> dict[str, bytes]:
    """Every generated file (pages, feeds, search index), site path → bytes."""
    config = handbook.config
    digest = templates_digest(config)
    if cache.environment is None or cache.environment[0] != digest:
        cache.environment = (digest, make_environment(config.templates_dir))
    files = render_pages(cache.environment[1], handbook, site_pages(handbook), report, cache.rendered,
                         site_key(handbook, digest))
    files.update(feed_files(handbook))
    files[INDEX_PATH] = index_script(handbook)
    return files


def templates_digest(config: Config) -> str:
    """A fingerprint of every template: a change to any of them renders every page again."""
    digest = hashlib.sha1()
    for path in list_files(config.templates_dir, "**/*"):
        digest.update(path.relative_to(config.templates_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def static_copies(config: Config) -> dict[str, Path]:
    """Files copied as they are: the templates' static/ folder and the content's fichiers/ folder."""
    copies: dict[str, Path] = {}
    for folder, prefix in ((config.templates_dir / STATIC, STATIC),
                           (config.content_dir / CONTENT_FILES_DIR, CONTENT_FILES_DIR)):
        for path in list_files(folder, "**/*"):
            copies[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
    return copies
