"""The whole build, one stage after the other: load → validate → model → render → write."""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import forks
from .config import Config, load_config
from .freshness import inputs_fingerprint
from .load import CONTENT_FILES_DIR, list_files, publishable_files
from .model import Handbook
from .problems import BuildFailed, Report
from .urls import STATIC
from .write import MemoryWriter, OutputFiles, SiteWriter, check_output_folder, previous_build

if TYPE_CHECKING:
    from .validate import GuideCache


@dataclass(frozen=True)
class Options:
    config: Path
    content: Path | None = None
    output: Path | None = None
    strict: bool = False
    write: bool = True
    reuse: bool = True  # stop early when nothing changed; take unchanged guides and pages from the previous build


@dataclass
class Cache:
    """What a rebuild in the same process (serve mode) can reuse: guides already read, the Jinja environment,
    each guide's part of the search index."""
    guides: GuideCache | None = None  # made by the first build
    environment: tuple[str, object] | None = None  # (templates digest, Jinja environment)
    search: dict | None = field(default_factory=dict)  # see search.index_script; None: not kept


@dataclass(frozen=True)
class Result:
    config: Config
    handbook: Handbook | None  # None when nothing changed since the previous build (up_to_date)
    files: Mapping[str, bytes]  # site path → content (read from the output folder after a build)
    warnings: list
    seconds: float
    up_to_date: bool = False

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))

    @property
    def feed_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".ics"))


def build(options: Options, cache: Cache | None = None) -> Result:
    """Build the site; raise BuildFailed with every problem found, leaving the output untouched.

    When no input changed since the previous build and its output is intact, nothing is done (only
    the configuration is read). Otherwise pages made from unchanged inputs are kept from the previous
    output instead of being rendered again, and guides already read are taken from the cache (serve
    mode) or the disk cache. The result is the same as a clean build's.
    """
    started = time.perf_counter()
    report = Report()
    config = load_config(options.config, report, options.content, options.output)
    inputs = inputs_fingerprint([config.path, config.content_dir, config.templates_dir],
                                (repr(config), options.strict)) if options.write else None
    if options.write and options.reuse:
        previous = previous_build(config.output_dir)
        if previous and previous.inputs == inputs and previous.intact():
            return Result(config, None, OutputFiles(config.output_dir, list(previous.files)), list(previous.warnings),
                          time.perf_counter() - started, up_to_date=True)
    return _build_site(options, cache or Cache(search=None), config, inputs, report, started)  # one-off: keep little


def _build_site(options: Options, cache: Cache, config: Config, inputs: str | None, report: Report,
                started: float) -> Result:
    early_feeds = feeds_ahead(config) if cache.guides is None else None  # the first build of this process
    try:
        return _make_site(options, cache, config, inputs, report, started, early_feeds)
    finally:
        if early_feeds:
            early_feeds.close()


def _make_site(options: Options, cache: Cache, config: Config, inputs: str | None, report: Report,
               started: float, early_feeds: forks.Forked | None) -> Result:
    from .cache import folder_for  # imported here, with the libraries they need, only when there is work to do
    from .validate import GuideCache, validate
    cache.guides = cache.guides or GuideCache()
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
        write_files(handbook, cache, report, writer, early_feeds)
        if report.errors:
            raise BuildFailed(report)
        files = writer.commit(inputs, report.warnings)
    except BaseException:
        writer.discard()
        raise
    return Result(config, handbook, files, report.warnings, time.perf_counter() - started)


def feeds_ahead(config: Config) -> forks.Forked | None:
    """The feeds, made by a forked copy of this process while this one reads the guides and renders the pages.

    Meant for the first build of a process, which would otherwise load icalendar and segno itself (a third of
    a small site's build); later serve rebuilds make the feeds in a few milliseconds, if the calendar changed.
    """
    if not forks.can_fork():
        return None
    return forks.Forked(_calendar_feeds, config)


def _calendar_feeds(config: Config) -> tuple[tuple[str, dt.datetime], dict[str, bytes]] | None:
    """(what the feeds were made from, the feed files) from the calendar alone; None if it has errors."""
    from .ical import feed_files
    from .validate import calendar_only
    handbook = calendar_only(config)
    return ((handbook.calendar_digest, handbook.updated), feed_files(handbook)) if handbook else None


def warn_about_output(handbook: Handbook, report: Report) -> None:
    """What the content allows but a reader would miss: subscriptions without an address, a crowded poster."""
    from .render import POSTER_SIZES, poster_overflows
    from .validate import CALENDAR_FILE
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


def write_files(handbook: Handbook, cache: Cache, report: Report, writer,
                early_feeds: forks.Forked | None) -> None:
    """Every file of the site into the writer: pages, feeds, search index, static files."""
    from .cache import templates_folder
    from .feeds import feed_paths
    from .render import make_environment, render_pages, site_key, site_pages
    from .search import INDEX_PATH, index_inputs, index_script
    config = handbook.config
    digest = templates_digest(config)
    if cache.environment is None or cache.environment[0] != digest:
        cache.environment = (digest, make_environment(config.templates_dir, templates_folder(config.root)))
    site = site_key(handbook, digest)
    render_pages(cache.environment[1], handbook, site_pages(handbook), report, writer, site)
    feeds_key = hashlib.sha1(f"{site}\0{handbook.calendar_digest}\0{handbook.updated}".encode()).hexdigest()
    if not all([writer.unchanged(path, feeds_key) for path in feed_paths(handbook)]):
        for path, data in made_feeds(handbook, early_feeds).items():
            writer.add(path, data, feeds_key)
    index_key = hashlib.sha1(f"{site}\0{index_inputs(handbook)}".encode()).hexdigest()
    if not writer.unchanged(INDEX_PATH, index_key):
        writer.add(INDEX_PATH, index_script(handbook, cache.search), index_key)
    for path, source in static_copies(config).items():
        writer.copy(path, source)


def made_feeds(handbook: Handbook, early_feeds: forks.Forked | None) -> dict[str, bytes]:
    """The feed files: those made ahead when they come from this very calendar, otherwise made now (the
    calendar may have been saved again in between, or the copy may have failed)."""
    made = early_feeds.result() if early_feeds else None
    if made and made[0] == (handbook.calendar_digest, handbook.updated):
        return made[1]
    from .ical import feed_files
    return feed_files(handbook)


def templates_digest(config: Config) -> str:
    """A fingerprint of every template: a change to any of them renders every page again."""
    digest = hashlib.sha1()
    for path in list_files(config.templates_dir, recursive=True):
        digest.update(path.relative_to(config.templates_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def static_copies(config: Config) -> dict[str, Path]:
    """Files copied as they are: the templates' static/ folder and the content's fichiers/ folder (never a file
    reached through a link that leaves the content folder: validation reports those)."""
    files = config.content_dir / CONTENT_FILES_DIR
    copies = {f"{STATIC}/{path.relative_to(config.templates_dir / STATIC).as_posix()}": path
              for path in list_files(config.templates_dir / STATIC, recursive=True)}
    for path in publishable_files(files, config.content_dir)[0]:
        copies[f"{CONTENT_FILES_DIR}/{path.relative_to(files).as_posix()}"] = path
    return copies
