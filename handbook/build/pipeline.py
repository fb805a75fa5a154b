"""The whole build, one stage after the other: load → validate → model → render → write.

A build with nothing to do (the inputs' fingerprint is the previous build's) only reads the
configuration and the previous build's record. So this module imports at its top only what that
needs; the stages that make the site (validate, model, render, feeds, search, and the libraries
behind them) are imported inside the functions that use them, when there is work to do."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handbook.build.cache import Store, compiled_templates_folder, folder_for
from handbook.build.freshness import Snapshot, snapshot
from handbook.build.keys import entry_key, inputs_fingerprint
from handbook.build.settings import load_config
from handbook.build.write import (
    MemoryWriter,
    OutputFiles,
    SiteWriter,
    check_output_folder,
    previous_build,
)
from handbook.model import Config
from handbook.problems import BuildFailed, Report, command
from handbook.read.files import display_path, list_files, publishable_files
from handbook.read.load import CALENDAR_FILE, CONTENT_FILES_DIR, Content, load_content
from handbook.year.sources import JOURNAL, interrupted_changes

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (True for type checkers), without importing typing
if TYPE_CHECKING:
    from handbook.model import Handbook


@dataclass(frozen=True)
class Options:
    config: Path
    content: Path | None = None
    output: Path | None = None
    strict: bool = False
    write: bool = True
    # stop early when nothing changed; take unchanged guides and pages from the previous build
    reuse: bool = True


@dataclass
class Cache:
    """What a rebuild in the same process (serve mode) can reuse: the content read last time (see
    load_content), the store's entries in memory, the Jinja environment."""

    content: tuple[Content, ...] | None = None  # each content layer as read, the school's last
    checked: object | None = None  # build.checked.Checked: what was found valid in content
    store: Store | None = None
    environment: tuple[str, object] | None = None  # (templates digest, Jinja environment)
    fingerprints: object | None = None  # keys.Fingerprints: the digests of unchanged objects
    divergences: list | None = None  # merge.divergences: what the content last read changes


@dataclass(frozen=True)
class Result:
    config: Config
    handbook: Handbook | None  # None when nothing changed since the previous build (up_to_date)
    files: Mapping[str, bytes]  # site path → content (read from the output folder after a build)
    warnings: list
    seconds: float
    up_to_date: bool = False
    notes: list = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))

    @property
    def feed_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".ics"))


def build(
    options: Options,
    cache: Cache | None = None,
    changed: set[str] | None = None,
    sources: Snapshot | None = None,
    committed: Callable[[], None] | None = None,
) -> Result:
    """Build the site; raise BuildFailed with every problem found, leaving the output untouched.

    When no input changed since the previous build and its output is intact, nothing is done (only
    the configuration is read). Otherwise pages made from unchanged inputs are kept from the
    previous output instead of being rendered again, and processed guides are taken from the store.
    The result is the same as a clean build's. Serve's watcher gives `changed`, the files changed
    since the cache's content was read, and `sources`, its snapshot of input_sources(): the inputs'
    fingerprint is made from it instead of looking at every file again; and `committed`, called as
    soon as the new site's files are in place (SiteWriter.commit).

    The garbage collector is paused meanwhile: a build makes almost no reference cycles, and the
    collector would only scan the guides held in memory again and again as they grow (6 to 10 % of a
    cold build at 10,000 guides, as much in a serve rebuild; serve collects between two rebuilds,
    see serve.settle_memory)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _built_site(options, cache, changed, sources, committed)
    finally:
        if collecting:
            gc.enable()


def _built_site(
    options: Options,
    cache: Cache | None,
    changed: set[str] | None,
    sources: Snapshot | None,
    committed: Callable[[], None] | None = None,
) -> Result:
    started = time.perf_counter()
    report = Report()
    config = load_config(options.config, report, options.content, options.output)
    refuse_half_changed_year(config, report)
    inputs = previous = None
    read = input_sources(config)
    if sources is not None and sources.sources != tuple(map(str, read)):
        sources = None  # of folders the configuration no longer names
    if options.write:
        sources = sources or snapshot(read)
        inputs = inputs_fingerprint(sources.files, (repr(config), options.strict))
    if options.write and options.reuse:
        previous = previous_build(config.output_dir)
        if previous and previous.inputs == inputs and previous.intact():
            return Result(
                config,
                None,
                OutputFiles(config.output_dir, list(previous.files)),
                list(previous.warnings),
                time.perf_counter() - started,
                up_to_date=True,
            )
    one_off = cache is None
    cache = cache or Cache()
    if cache.store is None or not options.reuse:
        cache.store = Store(folder_for(config.root) if options.reuse else None)
    handbook, environment = read_handbook(options, cache, config, report, changed, sources)
    if one_off:  # no rebuild will compare the sources: let them go before the pages are made
        cache.content = cache.checked = None
    writer = SiteWriter(config.output_dir, previous) if options.write else MemoryWriter()
    try:
        write_files(handbook, cache, report, writer, environment)
        if report.errors:
            raise BuildFailed(report)
        files = writer.commit(inputs, report.warnings, committed)
    except BaseException:
        writer.discard()
        raise
    cache.store.prune()
    return Result(
        config, handbook, files, report.warnings, time.perf_counter() - started, notes=report.notes
    )


def refuse_half_changed_year(config: Config, report: Report) -> None:
    """BuildFailed when a « nouvelle-annee » was stopped while it replaced the content files: its
    calendar and its configuration may be of two different years until the command is run again."""
    interrupted = interrupted_changes(config.content_dir / JOURNAL)
    if interrupted is not None:
        report.error(
            display_path(config.content_dir / JOURNAL, config.root),
            None,
            None,
            f"la commande « nouvelle-annee {interrupted[0]} » a été interrompue avant la "
            "fin ; relancez-la pour la terminer : "
            f"{command('nouvelle-annee ' + interrupted[0])}",
        )
        raise BuildFailed(report)


def input_sources(config: Config) -> list[Path]:
    """Every file a build reads is under these: the configuration, the content, the templates."""
    bases = [path for base in config.bases for path in (base.path, base.content_dir)]
    return [config.path, config.content_dir, config.templates_dir, *bases]


def read_handbook(
    options: Options,
    cache: Cache,
    config: Config,
    report: Report,
    changed: set[str] | None,
    sources: Snapshot | None,
) -> tuple[Handbook, object]:
    """load → bodies → validate: the handbook and its Jinja environment, or BuildFailed."""
    handbook, environment = checked_handbook(
        config, cache, report, changed, sources, lambda: templates_environment(config, cache)
    )
    if options.write:
        where = ("option --output", None) if options.output else (config.display, "dossier_sortie")
        check_output_folder(config.output_dir, report, *where)
    if report.errors or handbook is None:
        raise BuildFailed(report)
    warn_about_output(handbook, report)
    if options.strict:
        for warning in report.warnings:
            refused = f"{warning.message} (avertissement refusé par --strict)"
            report.error(warning.file, warning.line, warning.field, refused)
        report.warnings.clear()
    if report.errors:
        raise BuildFailed(report)
    return handbook, environment


def checked_handbook(
    config: Config,
    cache: Cache,
    report: Report,
    changed: set[str] | None = None,
    sources: Snapshot | None = None,
    prepare: Callable[[], object] = lambda: None,
) -> tuple[Handbook | None, object]:
    """load → school year → Markdown bodies → validate: the handbook, or None with the problems
    in the report, and prepare(), run while other processes work on the bodies. sources: a snapshot
    of input_sources(config) just taken, which lists the content's files."""
    from handbook.build.bodies import job_for, processed_while

    content = layered_content(config, cache, report, changed, sources)
    jobs = {guide.display: job for guide in content.guides if (job := job_for(guide))}
    bodies, (validate, year, archive_years, prepared) = processed_while(
        jobs, cache.store, lambda: checks_ready(config, cache, report, prepare)
    )
    return validate(config, content, bodies, year, report, cache.checked, archive_years), prepared


def checks_ready(config: Config, cache: Cache, report: Report, prepare: Callable) -> tuple:
    """What this process does while others start on the bodies: (validate, years, prepare())."""
    from handbook.build.checked import Checked, validate
    from handbook.read.holidays import year_calendar

    cache.checked = cache.checked or Checked()

    year = year_calendar(config, report)
    # the year before (still running when the next is prepared early): its holidays, never an error
    before = config.school_year.previous
    archive_years = {before.label: year_calendar(config, Report(), before)} if year else {}
    return validate, year, archive_years, prepare()


def layered_content(
    config: Config,
    cache: Cache,
    report: Report,
    changed: set[str] | None = None,
    sources: Snapshot | None = None,
) -> Content:
    """The content folder read, over its bases' when the configuration names one (merged in
    memory by merge/content.py); cache.content keeps each layer as read, for serve and for the
    next school of an académie; cache.divergences, what the school changes in its bases."""
    previous = cache.content if isinstance(cache.content, tuple) else ()
    kept = {layer.folder: layer for layer in previous}
    layers = tuple(
        load_content(
            folder,
            config.path,
            config.root,
            kept.get(folder),
            changed,
            sources.files if sources else None,
        )
        for folder in config.content_layers
    )
    cache.content, cache.divergences = layers, []
    if len(layers) == 1:
        return layers[0]
    from handbook.merge.content import merged_content

    return merged_content(list(layers), report, cache.divergences)


def handbook_of(config: Config, report: Report) -> Handbook | None:
    """The checked handbook of this configuration, read afresh (nothing reused from a previous
    build): for the commands that need the content but build no site, as nouvelle-annee. None
    with the problems in the report."""
    return checked_handbook(config, Cache(store=Store()), report)[0]


def warn_about_output(handbook: Handbook, report: Report) -> None:
    """What the content allows but a reader would miss: subscriptions without an address (a choice:
    a site opened from a shared folder has none, so it is only noted), a crowded poster."""
    from handbook.site.poster import POSTER_SIZES, poster_estimate

    config = handbook.config
    if not config.base_url:
        report.note(
            config.display,
            None,
            "url_publique",
            "sans l'adresse du site sur l'intranet, la page d'abonnement ne propose que le "
            "téléchargement des calendriers (pas d'abonnement qui se met à jour tout seul)",
        )
    for size in POSTER_SIZES:
        fit = poster_estimate(handbook, size)
        if not fit.fits:
            over = math.ceil(fit.height_mm - fit.sheet_mm)
            report.warn(
                f"{config.content_dir.name}/{CALENDAR_FILE}",
                None,
                None,
                f"l'affiche {size.name} ne tient plus sur une seule feuille (il manque "
                f"environ {over} mm) : la dernière ligne de rôles passerait sur une deuxième "
                f"feuille ; raccourcissez des tâches ou retirez-en{fullest(handbook, fit)}, "
                "puis vérifiez l'aperçu avant impression",
            )


def fullest(handbook: Handbook, fit) -> str:
    """Where tasks take the most room on the poster, said after « retirez-en »."""
    if fit.tallest_cell is None:
        return ""
    role, period = fit.tallest_cell
    return (
        f" là où elles prennent le plus de place ({handbook.roles[role].name}, "
        f"{handbook.periods[period].title})"
    )


def write_files(handbook: Handbook, cache: Cache, report: Report, writer, environment) -> None:
    """Every file of the site into the writer: each output the writer does not have from the same
    key (site/outputs.py), rendered in the templates' environment, then the static files."""
    from handbook.build.keys import Fingerprints, output_key, site_key
    from handbook.site.outputs import decoded, encoded, site_outputs
    from handbook.site.pages import site_context
    from handbook.site.render import rendered_outputs

    config = handbook.config
    fingerprints, shared = cache.fingerprints or Fingerprints(), site_context(handbook)
    site = site_key(fingerprints, shared, cache.environment[0])
    templates = config.templates_dir.name
    due = []
    for output in site_outputs(handbook):
        key = output_key(site, fingerprints, output.name, output.context)
        source = output.source(templates)
        if all([writer.unchanged(path, key, source) for path in output.paths]):
            if output.stored:
                cache.store.keep(entry_key("sortie", key))
        elif (
            output.stored
            and (stored := cache.store.get(entry_key("sortie", key), decoded)) is not None
        ):
            _add(writer, stored, key, source)
        else:
            due.append((output, key, source))
    outputs = [output for output, _, _ in due]
    for position, files in rendered_outputs(environment, shared, outputs, report):
        output, key, source = due[position]
        if output.stored:
            cache.store.put(entry_key("sortie", key), encoded(files), decoded)
        _add(writer, files, key, source)
    for path, source in static_copies(config).items():
        writer.copy(path, source, display_path(source, config.root))
    report.errors.extend(writer.problems)
    fingerprints.forget_unused()
    cache.fingerprints = fingerprints


def _add(writer, files: dict[str, bytes], key: str, source: str) -> None:
    for path, data in files.items():
        writer.add(path, data, key, source)


def templates_environment(config: Config, cache: Cache):
    """The Jinja environment of the templates, kept in the cache while they are unchanged."""
    from handbook.build.keys import templates_digest
    from handbook.site.render import make_environment

    digest = templates_digest(
        list_files(config.templates_dir, recursive=True), config.templates_dir
    )
    if cache.environment is None or cache.environment[0] != digest:
        cache.environment = (
            digest,
            make_environment(config.templates_dir, compiled_templates_folder()),
        )
    return cache.environment[1]


def static_copies(config: Config) -> dict[str, Path]:
    """Files copied as they are: the templates' static/ folder and the content's fichiers/ folder
    (never a file reached through a link that leaves the content folder: validation reports those).
    """
    from handbook.urls import STATIC

    copies = {
        f"{STATIC}/{path.relative_to(config.templates_dir / STATIC).as_posix()}": path
        for path in list_files(config.templates_dir / STATIC, recursive=True)
    }
    for folder in config.content_layers:  # a school's file over its base's of the same name
        files = folder / CONTENT_FILES_DIR
        for path in publishable_files(files, folder)[0]:
            copies[f"{CONTENT_FILES_DIR}/{path.relative_to(files).as_posix()}"] = path
    return copies
