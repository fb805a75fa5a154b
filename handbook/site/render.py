"""Render stage: the engine that makes outputs from their context (site/outputs.py declares them).

Nothing here builds HTML by hand; the templates do, with autoescaping on and undefined names treated
as errors, so a typo in a template fails the build instead of printing an empty string. A template
receives its page's context, the site context (pages.site_context) and `page`, nothing else."""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Iterator
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook import dates, urls
from handbook.build.workers import shared_work
from handbook.problems import Report
from handbook.read import markdown
from handbook.site.outputs import Output, encoded
from handbook.site.pages import Page
from handbook.site.typography import french_html, marked


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps its own in __pycache__; it only saves
    time, so a folder that cannot be read or written is no error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; compiled templates are kept in compiled_dir (see
    cache.compiled_templates_folder)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=_BytecodeCache(str(compiled_dir)) if compiled_dir else None,
        autoescape=True,
        # a changed template makes a new environment (see pipeline.templates_environment)
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=dates.long_date,
        short_date=dates.short_date,
        date_range=dates.date_range,
        css_string=css_string,
        address_path=urls.address_path,
        # a guide's body, typeset once for every page and rebuild that shows it (typography.marked)
        page_html=lambda body: marked(markdown.page_html(body)),
        printed_html=lambda *body: marked(markdown.printed_html(*body)),
    )
    env.globals.update(
        url=_url,
        is_current=_is_current,
        root=_root,
        paths=urls.PATHS,
        role_anchor=urls.role_anchor,
        archived_period_anchor=urls.archived_period_anchor,
    )
    return env


def css_string(text: str) -> Markup:
    """Text as a CSS string literal; everything but letters, digits and spaces is a CSS escape."""
    return Markup(
        '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'
    )


@jinja2.pass_context
def _url(context, target: object) -> str:
    return urls.relative(context["page"].path, urls.path_of(target))


@jinja2.pass_context
def _root(context) -> str:
    return urls.to_root(context["page"].path)


@jinja2.pass_context
def _is_current(context, target: object) -> bool:
    return context["page"].path == urls.path_of(target)


# --- the engine ------------------------------------------------------------------------------


# outputs to make: below this, starting worker processes costs more than it saves
PARALLEL_FROM = 16
# first byte of a result: a page follows, generated files (JSON), or a problem (JSON)
_PAGE, _FILES, _PROBLEM = b"p", b"f", b"!"


def rendered_outputs(
    env: jinja2.Environment, shared: dict, due: list[Output], report: Report
) -> Iterator[tuple[int, dict[str, bytes]]]:
    """(position in due, the files it makes) of each output, in the order they are ready; shared
    between processes when there are many (workers.py).

    shared is the site context; template problems go into the report with the template's file and
    line, in page order, up to the first template that cannot be loaded at all (it would fail every
    page again): the outputs after it are not made.
    """
    unloadable = _first_unloadable(env, due)
    due = due if unloadable is None else due[: unloadable + 1]
    problems = []
    received, first_fatal = bytearray(len(due)), len(due)
    for position, data in shared_work(lambda item: _made(env, shared, item), due, PARALLEL_FROM):
        received[position] = 1
        output = due[position]
        if data[:1] == _PAGE:
            yield position, {output.path: data[1:]}
        elif data[:1] == _FILES:
            yield position, {path: text.encode() for path, text in json.loads(data[1:]).items()}
        else:
            problems.append((position, json.loads(data[1:])))
            if problems[-1][1][3] is None:  # no page: its template cannot even be loaded
                first_fatal = min(first_fatal, position)
        if first_fatal < len(due) and received.find(0, 0, first_fatal) < 0:
            break  # all before the first that cannot be rendered is done: the rest would fail
    failures: dict[tuple[str, int | None, str], list[str]] = {}
    fatal = None
    for _, (file, line, message, page) in sorted(problems):
        if page is None:
            fatal = (file, line, message)
            break
        failures.setdefault((file, line, message), []).append(page)
    for (file, line, message), pages in failures.items():
        report.error(
            file, line, None, f"le gabarit a échoué en produisant {_pages(pages)} : {message}"
        )
    if fatal:
        report.error(fatal[0], fatal[1], None, fatal[2])


def _pages(paths: list[str]) -> str:
    """The pages one template failure spoiled: a site of a school's own templates written for
    another version fails every page alike, and a message per page would hide the one cause."""
    if len(paths) <= 2:
        return " et ".join(paths)
    others = len(paths) - 2
    return f"{paths[0]}, {paths[1]} et {others} autre{'s' * (others > 1)} page{'s' * (others > 1)}"


def _first_unloadable(env: jinja2.Environment, due: list[Output]) -> int | None:
    """The position of the first page whose template cannot be loaded, if any. Loading them here
    first also gives the worker processes compiled templates."""
    loaded = set()
    for position, page in enumerate(due):
        if not isinstance(page, Page) or page.template in loaded:
            continue
        loaded.add(page.template)
        try:
            env.get_template(page.template)
        except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound):
            return position
        except Exception:  # noqa: BLE001 - reported with its page when it is rendered
            continue
    return None


def _made(env: jinja2.Environment, shared: dict, output: Output) -> bytes:
    if isinstance(output, Page):
        return _rendered(env, shared, output)
    return _FILES + encoded(output.make(output.context))


def _rendered(env: jinja2.Environment, shared: dict, page: Page) -> bytes:
    """One page: _PAGE and its bytes, or _PROBLEM and the problem met as JSON ([file, line, message,
    the page's path, or None when the template could not even be loaded])."""
    try:
        template = env.get_template(page.template)
        html = template.render({**shared, **page.context, "page": page})
        return _PAGE + french_html(html).encode("utf-8")
    except jinja2.TemplateSyntaxError as error:
        problem = [
            _template_display(env, error.name or page.template),
            error.lineno,
            f"erreur de syntaxe dans le gabarit : {error.message}",
            None,
        ]
    except jinja2.TemplateNotFound as error:
        problem = [
            f"gabarit {error.name}",
            None,
            f"gabarit introuvable (demandé pour {page.path})",
            None,
        ]
    except Exception as error:  # noqa: BLE001 - any template failure is reported with its place
        name, line = _template_frame(error, Path(env.loader.searchpath[0]))
        problem = [
            _template_display(env, name or page.template),
            line,
            _in_french(error),
            page.path,
        ]
    return _PROBLEM + json.dumps(problem, ensure_ascii=False).encode("utf-8")


def _in_french(error: Exception) -> str:
    """Jinja's message, said in French when it names a value the template was not given (the
    usual failure of a school's own templates copied from an earlier version)."""
    missing = re.fullmatch(r"'([^']+)' is undefined", str(error))
    if not isinstance(error, jinja2.UndefinedError) or missing is None:
        return str(error)
    return (
        f"« {missing.group(1)} » n'est pas donné à ce gabarit : il reçoit ce que sa page lui donne "
        "et site, roles, role_names, has_archives et page (des gabarits copiés d'une version "
        "précédente : copiez de nouveau templates/ et refaites-y vos changements)"
    )


def _template_display(env: jinja2.Environment, name: str) -> str:
    folder = Path(env.loader.searchpath[0])
    return f"{folder.name}/{name}"


def _template_frame(error: Exception, folder: Path) -> tuple[str | None, int | None]:
    """The innermost template (its name within folder) and line of a rendering error (Jinja rewrites
    tracebacks this way)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.suffix in (".html", ".xml", ".txt", ".js", ".css"):
            return (
                path.relative_to(folder).as_posix() if folder in path.parents else path.name
            ), frame.lineno
    return None, None
