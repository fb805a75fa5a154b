"""python3 build.py academie DOSSIER: every school listed in DOSSIER/academie.yaml built in one
process, each into its own output folder and atomically (a school that fails keeps its previous
site, and the others are still built), then the report (report.py) written into the report folder.

What the schools share is done once: the imports, the compiled templates, the reading and checking
of the base's files, the Markdown of its guides (the cache given to each build keeps the layers
read, by folder, and the processed bodies, by their text). No value of one school reaches another:
each build gets its own configuration and its own content layer, and the shared pieces are the
base's, keyed by what they were made of."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from handbook.academie.report import (
    REPORT_JSON,
    REPORT_PAGE,
    TEMPLATE,
    SchoolOutcome,
    base_items,
    items_key,
    outcome_bytes,
    outcome_of,
    previous_schools,
    report_context,
    report_json,
    since_previous,
)
from handbook.build.cache import Store, compiled_templates_folder
from handbook.build.pipeline import Cache, Options, build, layered_content
from handbook.build.settings import GENERATOR_TEMPLATES, load_academie, load_config
from handbook.build.workers import WorkerFailed, shared_work
from handbook.build.write import SiteWriter, previous_build
from handbook.model import Config
from handbook.problems import BuildFailed, Problem, Report, counted, shown_path, system_reason
from handbook.read.config import CONFIG_FILE
from handbook.read.files import display_path

PARALLEL_FROM = 4  # schools after the first: below this, copies of the process cost more
# Schools built by one copy of the process before a fresh copy takes over: what a school leaves in
# memory (bounded caches filling with its own texts, memory too scattered to be given back) never
# adds up over more schools than this, so the académie's memory does not grow with its size.
SCHOOLS_PER_COPY = 50


def build_academie(path: Path) -> tuple[int, list[str]]:
    """Build every school of the académie at path (its folder, or its academie.yaml): the exit
    code (0 all built, 1 some failed or the académie file is wrong) and the lines to print."""
    report = Report()
    root, academie = load_academie(path, report)
    if academie is None:
        return 1, [f"ERREUR  {problem.seen_from_here(root)}" for problem in report.errors]
    started = time.perf_counter()
    output = root / academie.report
    previous = previous_schools(_read_bytes(output / REPORT_JSON))
    outcomes = [
        _with_since(outcome, previous.get(outcome.folder))
        for outcome in school_outcomes(root, academie.schools)
    ]
    lines = [_summary(outcome, root) for outcome in outcomes]
    try:
        write_report(output, root, outcomes, time.perf_counter() - started)
        lines.append(f"Rapport : {shown_path(output / REPORT_PAGE)} (et {REPORT_JSON})")
    except (BuildFailed, OSError) as problem:
        lines.append(
            f"ERREUR  le rapport n'a pas pu être écrit dans {shown_path(output)} : {problem}"
        )
        return 1, lines
    failed = sum(not outcome.built for outcome in outcomes)
    built = len(outcomes) - failed
    lines.append(
        f"Académie : {counted(built, 'établissement')} construit{'s' if built > 1 else ''}"
        + (f", {failed} en échec (leur site précédent est gardé)." if failed else ".")
    )
    return (1 if failed else 0), lines


def school_outcomes(root: Path, folders: tuple[str, ...]) -> list[SchoolOutcome]:
    """Every school built, in the académie's order. The first is built here, which reads and
    checks the base and makes its guides' Markdown; the others are built by copies of this process
    (workers.py), which start with all that done, each building at most SCHOOLS_PER_COPY. One cache
    serves every school: the layers read, by folder (the base's is read once); the processed guides,
    kept in memory only, each school's build keeping those it used; the base's guides found valid
    (build/checked.py) and the digests of model objects (keys.Fingerprints), both by the identity
    of objects a school's build shares only when they are the base's."""
    cache = Cache(store=Store())

    def outcome(folder: str) -> bytes:
        return outcome_bytes(school_outcome(root, folder, cache))

    bases: dict[str, dict[str, str]] = {}  # each base's items once, whatever the schools' number

    def received(data: bytes) -> SchoolOutcome:
        told = outcome_of(data)
        shared = bases.setdefault(items_key(told.base_items), told.base_items)
        return dataclasses.replace(told, base_items=shared)

    first = [received(outcome(folder)) for folder in folders[:1]]
    rest = folders[1:]
    found: dict[int, SchoolOutcome] = {}
    for position, data in shared_work(outcome, rest, PARALLEL_FROM, SCHOOLS_PER_COPY):
        found[position] = received(data)
    return first + [found[position] for position in range(len(rest))]


def school_outcome(root: Path, folder: str, cache: Cache) -> SchoolOutcome:
    """Build one school (its previous site kept when it fails) and say how it went."""
    school = (root / folder).resolve()
    config_path = school / CONFIG_FILE
    shown = display_path(school / "output", root)
    if not config_path.is_file():
        message = f"{folder}/{CONFIG_FILE} : fichier introuvable"
        return SchoolOutcome(folder, folder, False, shown, (message,), (), (), {})
    errors: list[Problem] = []
    warnings: list[Problem] = []
    config = None
    cache.divergences = None
    try:
        result = build(Options(config_path), cache, changed=set())
        warnings, shown = result.warnings, display_path(result.config.output_dir, root)
        config = result.config
    except BuildFailed as failure:
        errors, warnings = failure.report.errors, failure.report.warnings
    except (WorkerFailed, OSError) as error:
        reason = system_reason(error) if isinstance(error, OSError) else str(error)
        errors = [Problem(folder, None, None, f"construction interrompue ({reason})")]
    name, noted, items = _divergences(config or config_path, cache)
    return SchoolOutcome(
        folder,
        name or folder,
        not errors,
        shown,
        tuple(_from_academie(problem, school, root) for problem in errors),
        tuple(_from_academie(problem, school, root) for problem in warnings),
        tuple(noted),
        items,
    )


def _divergences(config: Config | Path, cache: Cache) -> tuple[str | None, list, dict[str, str]]:
    """The school's name, what it changes in its bases, and its bases' items: as the build just
    merged them, or, when it had nothing to do, merged again from the layers in the cache. config:
    the build's, or the path of a configuration the build refused (read again for its name)."""
    if isinstance(config, Path):
        try:
            config = load_config(config, Report())
        except BuildFailed:
            return None, [], {}
    if cache.divergences is None:
        layered_content(config, cache, Report(), set())
    return config.school, cache.divergences or [], base_items(cache.content or ())


def _from_academie(problem: Problem, school: Path, root: Path) -> str:
    """The problem with its file named from the académie's folder."""
    if problem.file.endswith((".yaml", ".yml", ".md")) and not Path(problem.file).is_absolute():
        relative = os.path.relpath(os.path.normpath(school / problem.file), root)
        problem = Problem(Path(relative).as_posix(), problem.line, problem.field, problem.message)
    return str(problem)


def _with_since(outcome: SchoolOutcome, previous: dict | None) -> SchoolOutcome:
    return dataclasses.replace(outcome, since=since_previous(outcome, previous))


def _summary(outcome: SchoolOutcome, root: Path) -> str:
    if outcome.built:
        return f"construit  {outcome.name} → {outcome.output}"
    return f"ÉCHEC      {outcome.name} : {counted(len(outcome.errors), 'erreur')} (voir le rapport)"


def write_report(output: Path, root: Path, outcomes: list[SchoolOutcome], seconds: float) -> None:
    """The report page and its JSON, written at once: the previous report stays until then."""
    from handbook.site.render import make_environment

    environment = make_environment(GENERATOR_TEMPLATES, compiled_templates_folder())
    folder = display_path(output, root)
    page = environment.get_template(TEMPLATE).render(**report_context(outcomes, seconds, folder))
    writer = SiteWriter(output, previous_build(output))
    try:
        writer.add(REPORT_PAGE, page.encode("utf-8"), None, TEMPLATE)
        writer.add(REPORT_JSON, report_json(outcomes), None, "rapport")
        writer.commit()
    except BaseException:
        writer.discard()
        raise


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
