"""The whole build, one stage after the other: load → validate → model → render → write."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import folder_for
from .config import Config, load_config
from .feeds import feed_files
from .search import INDEX_PATH, index_inputs, index_script
from .load import list_files
from .model import Handbook
from .problems import BuildFailed, Report
from .render import POSTER_SIZES, make_environment, poster_overflows, render_pages, site_key, site_pages
from .urls import STATIC
from .validate import CALENDAR_FILE, GuideCache, validate
from .write import MemoryWriter, SiteWriter, check_output_folder

CONTENT_FILES_DIR = "fichiers"


@dataclass(frozen=True)
class Options:
    config: Path
    content: Path | None = None
    output: Path | None = None
    strict: bool = False
    write: bool = True
    reuse: bool = True  # take unchanged guides from .cache/ and unchanged pages from the previous output


@dataclass
class Cache:
    """What a rebuild in the same process (serve mode) can reuse: guides already read, the Jinja environment."""
    guides: GuideCache = field(default_factory=GuideCache)
    environment: tuple[str, object] | None = None  # (templates digest, Jinja environment)


@dataclass(frozen=True)
class Result:
    config: Config
    handbook: Handbook
    files: Mapping[str, bytes]  # site path → content (read from the output folder after a build)
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

    Pages made from unchanged inputs are taken over from the previous output instead of being rendered
    again; guides already read are taken from the cache (serve mode) or the disk cache. The result is
    the same as a clean build's.
    """
    started = time.perf_counter()
    cache = cache or Cache()
    report = Report()
    config = load_config(options.config, report, options.content, options.output)
    handbook = validate(config, report, cache.guides, folder_for(config.root) if options.reuse else None)
    if options.write:
        check_output_folder(config.output_dir, report, config.display)
    if report.errors or handbook is None:
        raise BuildFailed(report)
    warn_about_output(handbook, report)
    if options.strict:
        for warning in report.warnings:
            report.error(warning.file, warning.line, warning.field, f"{warning.message} (avertissement refusé par --strict)")
        report.warnings.clear()
    if report.errors:
        raise BuildFailed(report)
    writer = SiteWriter(config.output_dir, options.reuse) if options.write else MemoryWriter()
    try:
        write_files(handbook, cache, report, writer)
        if report.errors:
            raise BuildFailed(report)
        files = writer.commit()
    except BaseException:
        writer.discard()
        raise
    return Result(config, handbook, files, report.warnings, time.perf_counter() - started)


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


def write_files(handbook: Handbook, cache: Cache, report: Report, writer) -> None:
    """Every file of the site into the writer: pages, feeds, search index, static files."""
    config = handbook.config
    digest = templates_digest(config)
    if cache.environment is None or cache.environment[0] != digest:
        cache.environment = (digest, make_environment(config.templates_dir))
    site = site_key(handbook, digest)
    render_pages(cache.environment[1], handbook, site_pages(handbook), report, writer, site)
    for path, data in feed_files(handbook).items():
        writer.add(path, data)
    index_key = hashlib.sha1(f"{site}\0{index_inputs(handbook)}".encode()).hexdigest()
    if not writer.unchanged(INDEX_PATH, index_key):
        writer.add(INDEX_PATH, index_script(handbook), index_key)
    for path, source in static_copies(config).items():
        writer.copy(path, source)


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
