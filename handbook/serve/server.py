"""python build.py serve: build, serve the site with livereload, rebuild on every change.

Our own watcher thread is told of every change under the sources (content, templates,
configuration; never the output) by the system (inotify on Linux, through watchdog). It waits for
the end of a burst of saves (no notification for COALESCE_SECONDS: an editor's temporary file and
rename, « save all »), looks again at the files named, rebuilds, then asks livereload to reload the
open pages. Where the system gives no notifications, or when asked (--sondage: network shares,
where they are unreliable), it polls the sources instead, every POLL_SECONDS. livereload itself
only serves and reloads: its watcher runs tasks from the browser connection's polling and drops a
reload that comes within seconds of the previous one, which would lose edits.
A failed rebuild keeps the last good site; its errors, or any unexpected failure, are printed and
shown on every page, and the watcher goes on. Each rebuild is told which files changed, so it reads
only those.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import logging
import mimetypes
import os
import posixpath
import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import jinja2
from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from handbook.build.freshness import RACY_SECONDS, Snapshot, file_state, snapshot
from handbook.build.pipeline import Cache, Options, build, input_sources
from handbook.build.settings import load_config
from handbook.problems import BuildFailed, Report, counted, shown, system_reason

MAX_PATH = 1024  # characters: longer addresses are refused before they reach the file system
BAD_REQUEST = "Adresse incorrecte.\n".encode()
COALESCE_SECONDS = 0.02  # a burst of saves ends when no notification came for this long
LONGEST_BURST_SECONDS = 1.0  # notifications that never stop (a program always writing): rebuilt
WAKE_SECONDS = 0.5  # how often a watcher waiting for notifications looks whether it must stop
CHECK_SECONDS = 3.0  # and how often it walks the sources, for what notifications cannot tell
POLL_SECONDS = 0.2  # without notifications: the sources are compared this often
SETTLE_SECONDS = 0.3  # and a burst has ended when they stayed the same for this long
TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json; charset=utf-8",
}
BANNER = jinja2.Environment(
    loader=jinja2.PackageLoader("handbook.serve", "."),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
).get_template("serve_errors.html")


@dataclass
class ServeState:
    options: Options
    output: Path
    sources: list[Path]
    cache: Cache = field(default_factory=Cache)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def rebuild(
    state: ServeState, changed: set[str] | None = None, sources: Snapshot | None = None, log=print
) -> None:
    """Build once more; on failure keep what is served and remember the errors to show them.

    changed: the source files changed since the previous rebuild read them (None: read everything); sources:
    the watcher's snapshot they were found from. Whatever happens in the build is reported here, so that the
    watcher never stops.
    """
    with state.lock:
        try:
            result = build(state.options, state.cache, changed, sources)
        except BuildFailed as failure:
            root = state.options.config.resolve().parent
            state.errors = [str(problem) for problem in shown(failure.report.errors, root)]
            for line in state.errors:
                log(f"ERREUR  {line}")
            log(
                f"Échec : {counted(len(state.errors), 'erreur')} ; le dernier site correct reste servi."
            )
            return
        except OSError as error:
            state.cache = (
                Cache()
            )  # the files it read may be half read; the next rebuild reads everything again
            state.errors = [
                f"écriture impossible dans {state.output} : {system_reason(error)} "
                f"({error.filename or state.output})"
            ]
            log(f"ERREUR  {state.errors[0]}")
            return
        except Exception as error:  # noqa: BLE001 - a bug must not stop the rebuilds: reported, then forgotten
            state.cache = (
                Cache()
            )  # what it held may be half made; the next rebuild reads everything again
            state.errors = [
                f"la reconstruction a échoué de façon inattendue ({type(error).__name__} : {error}) ; "
                "le dernier site correct reste servi. Signalez ce problème avec le détail affiché "
                "dans le terminal"
            ]
            log(f"ERREUR  {state.errors[0]}\n{traceback.format_exc()}")
            return
        state.errors = []
        for warning in result.warnings:
            log(f"ATTENTION  {warning}")
        if result.up_to_date:
            log(
                f"Site à jour : {result.page_count} pages, rien n'a changé depuis la dernière construction."
            )
        else:
            log(
                f"Site reconstruit : {result.page_count} pages en {result.seconds:.2f} s".replace(
                    ".", ","
                )
            )


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Files added, removed or changed between two snapshots, and those saved too recently for their date
    to prove them unchanged (see freshness.py)."""
    recent = (time.time() - RACY_SECONDS) * 1e9
    return {
        path
        for path in before.files.keys() | after.files.keys()
        if before.files.get(path) != after.files.get(path)
    } | {path for path, (modified, _, _) in after.files.items() if modified >= recent}


class Notifications:
    """The system's notifications of changes under the sources (from watchdog's thread): how many
    came, and the paths they named since the watcher last took them."""

    def __init__(self) -> None:
        self.count = 0
        self._paths: set[str] = set()
        self._folders = False  # a folder made, moved or removed: a new walk tells what it holds
        self._arrived = threading.Condition()

    def notify(self, paths: list[str], folder: bool = False) -> None:
        with self._arrived:
            self.count += 1
            self._paths.update(paths)
            self._folders = self._folders or folder
            self._arrived.notify_all()

    def taken(self) -> tuple[set[str], bool]:
        """The paths named since the previous call, and whether a folder was among them."""
        with self._arrived:
            taken = self._paths, self._folders
            self._paths, self._folders = set(), False
        return taken

    def burst_after(self, heard: int, stop: threading.Event) -> int | None:
        """Wait for notifications past the first `heard`, then for the end of their burst
        (COALESCE_SECONDS without any, or LONGEST_BURST_SECONDS in all): the count then; `heard` if
        none came for WAKE_SECONDS; None once stop is set."""
        with self._arrived:
            if not self._arrived.wait_for(
                lambda: self.count != heard or stop.is_set(), WAKE_SECONDS
            ):
                return heard
            if stop.is_set():
                return None
            ends = time.monotonic() + LONGEST_BURST_SECONDS
            while True:
                count = self.count
                if (
                    not self._arrived.wait_for(lambda: self.count != count, COALESCE_SECONDS)
                    or time.monotonic() >= ends
                ):
                    return self.count


class Notifier(events.FileSystemEventHandler):
    """Passes watchdog's events on to `heard`: the files' (full paths), and all in the folders."""

    def __init__(self, heard: Notifications, folders: list[str], files: set[str]) -> None:
        self.heard, self.files = heard, files
        self.prefixes = tuple(folder + os.sep for folder in folders)

    def on_any_event(self, event) -> None:
        paths = [
            path
            for path in (event.src_path, getattr(event, "dest_path", "") or "")
            if path in self.files or path.startswith(self.prefixes)
        ]
        if paths:
            self.heard.notify(paths, event.is_directory)


WATCHED_EVENTS = [
    events.FileModifiedEvent,
    events.FileCreatedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]


def notifications(sources: list[Path]) -> tuple[BaseObserver, Notifications]:
    """A started watchdog observer and the Notifications it gives of every change under the
    sources; OSError where the system gives none (no inotify, its limits reached, a source
    missing): the watcher then polls. Only writes are listened to, never a file opened to be
    read (as rebuilds do)."""
    if issubclass(Observer, PollingObserver):  # nothing better in watchdog: our polling is quicker
        raise OSError(errno.ENOSYS, "no file system notifications")
    heard = Notifications()
    folders, parents, files = watched_places(sources)
    notifier = Notifier(heard, folders, files)
    observer = None
    try:
        observer = Observer()
        for folder in folders:
            observer.schedule(notifier, folder, recursive=True, event_filter=WATCHED_EVENTS)
        for parent in parents:
            observer.schedule(notifier, parent, recursive=False, event_filter=WATCHED_EVENTS)
        observer.start()
    except OSError:
        if observer:
            observer.stop()
        raise
    return observer, heard


def watched_places(sources: list[Path]) -> tuple[list[str], list[str], set[str]]:
    """(folders watched with all they hold, folders watched for the files right in them, source
    files): a source file is watched from its folder, unless a folder watched whole holds it."""
    folders = sorted(os.path.abspath(source) for source in sources if source.is_dir())
    folders = [
        folder
        for folder in folders
        if not folder.startswith(tuple(other + os.sep for other in folders))
    ]
    files = {os.path.abspath(source) for source in sources if not source.is_dir()}
    inside = tuple(folder + os.sep for folder in folders)
    parents = {os.path.dirname(path) for path in files if not path.startswith(inside)}
    return folders, sorted(parents - set(folders)), files


def notifications_or_polling(sources: list[Path]) -> tuple[BaseObserver, Notifications] | None:
    """notifications(sources), or None, said in French, where the system gives none."""
    try:
        return notifications(sources)
    except OSError as error:
        every = str(POLL_SECONDS).replace(".", ",")
        print(
            f"Le système ne peut pas prévenir des modifications ({notifications_problem(error)}) : "
            f"les fichiers sont relevés toutes les {every} s.",
            flush=True,
        )
        return None


def notifications_problem(error: OSError) -> str:
    """Why the system cannot tell of changes, in French."""
    if error.errno in (errno.ENOSPC, errno.EMFILE):
        return "le système a atteint sa limite de dossiers ou de programmes surveillés"
    if error.errno == errno.ENOSYS:
        return "ce système ne le permet pas"
    return system_reason(error)


def watch(
    state: ServeState,
    on_rebuilt,
    stop: threading.Event,
    seen: Snapshot,
    heard: Notifications | None = None,
) -> None:
    """Rebuild after each burst of changes, however many files it touched, then call on_rebuilt.

    seen: the snapshot taken before the last build read the sources; heard: the system's
    notifications (None: the sources are polled). Nothing that goes wrong stops the watch.
    """
    counted, quiet, walked = 0 if heard is None else heard.count, True, time.monotonic()
    while not stop.is_set():
        try:
            if heard is None:
                if not stop.wait(POLL_SECONDS):
                    seen = _rebuild_on_change(state, on_rebuilt, stop, seen)
                continue
            count = heard.burst_after(counted, stop)
            if count is None:
                return
            if count != counted:
                counted, quiet = count, False
                current = refreshed(seen, *heard.taken(), state.sources)
            elif not quiet or time.monotonic() >= walked + CHECK_SECONDS:
                # Nothing for a while: time for what must not delay a rebuild and its reload, and for a
                # walk, which finds what notifications cannot tell (a source folder replaced by another).
                if not quiet:
                    settle_memory()
                quiet, current, walked = True, snapshot(state.sources), time.monotonic()
            else:
                continue
            seen = _rebuild_if_changed(state, on_rebuilt, seen, current)
        except Exception:  # noqa: BLE001 - reported; the next change is watched for all the same
            print(
                "ERREUR  la surveillance des fichiers a rencontré un problème :\n"
                + traceback.format_exc()
            )


def refreshed(seen: Snapshot, paths: set[str], folders: bool, sources: list[Path]) -> Snapshot:
    """The sources' snapshot after changes to these paths alone, as a new walk would make it: only
    these are looked at again, unless a folder changed or a file appeared (its place in the walk's
    order counts in the inputs' fingerprint): then the sources are walked again."""
    files = dict(seen.files)
    for path in paths:
        state = file_state(path)
        if state is None:
            files.pop(path, None)
        elif path in files and not folders:
            files[path] = state
        else:
            return snapshot(sources)
    return Snapshot(seen.sources, files)


def _rebuild_on_change(
    state: ServeState, on_rebuilt, stop: threading.Event, seen: Snapshot
) -> Snapshot:
    current = snapshot(state.sources)
    if current == seen:
        return seen
    while not stop.wait(SETTLE_SECONDS):
        settled = snapshot(state.sources)
        if settled == current:
            break
        current = settled
    rebuilt = _rebuild_if_changed(state, on_rebuilt, seen, current)
    settle_memory()
    return rebuilt


def _rebuild_if_changed(
    state: ServeState, on_rebuilt, seen: Snapshot, current: Snapshot
) -> Snapshot:
    if current == seen:
        return seen
    rebuild(state, changed_files(seen, current), current)
    on_rebuilt()
    return current


def settle_memory() -> None:
    """Between rebuilds: collect this build's garbage now, then exempt what stays (the guides and templates
    kept for the next rebuild) from the garbage collector, which would otherwise pause rebuilds to scan it.
    With notifications, done once the reloaded pages are served (see watch)."""
    gc.collect()
    gc.freeze()


def make_app(state: ServeState):
    """A WSGI app serving the output folder, with the right types, and the build errors on every page.

    Pages are never kept by the browser (they carry the errors). A page names the style sheets and
    scripts it loads with a digest of their content (« style.css?v=… »): the browser keeps them as
    long as they do not change, so that a page reloaded after a save neither asks for them nor reads
    them again. Other files are kept but checked at each use (« 304 » while unchanged)."""

    def app(environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/")).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        if "\0" in path or len(path) > MAX_PATH:
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [BAD_REQUEST]
        with (
            state.lock
        ):  # never a page of the new site with the errors of the old one, or the reverse
            status, target, body, errors = _read(state, path)
            if status == "200 OK" and target.suffix == ".html":
                body = _versioned(state, path, body)
        kind = (
            TYPES.get(target.suffix)
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        if errors and (kind.startswith("text/html") or not body):
            body, kind = _with_errors(body, errors), TYPES[".html"]
        if status != "200 OK" or kind.startswith("text/html"):
            start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
            return [body]
        tag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        if environ.get("HTTP_IF_NONE_MATCH") == tag:
            start_response("304 Not Modified", [("ETag", tag), ("Cache-Control", "no-cache")])
            return [b""]
        kept = KEPT if environ.get("QUERY_STRING", "").startswith("v=") else "no-cache"
        start_response(status, [("Content-Type", kind), ("ETag", tag), ("Cache-Control", kept)])
        return [body]

    return app


ASSET = re.compile(rb'((?:href|src)=")([^"?#:/][^"?#:]*\.(?:css|js))"')
KEPT = "max-age=31536000, immutable"  # a versioned address: its content never changes


def _versioned(state: ServeState, page: str, body: bytes) -> bytes:
    """The page with each style sheet and script it loads from the site named with a digest of its
    content."""

    def version(match: re.Match) -> bytes:
        asset = posixpath.normpath(posixpath.join(posixpath.dirname(page), match.group(2).decode()))
        status, _, content, _ = _read(state, asset)
        if status != "200 OK":
            return match.group(0)
        digest = hashlib.sha1(content).hexdigest()[:12].encode()
        return match.group(1) + match.group(2) + b"?v=" + digest + b'"'

    return ASSET.sub(version, body)


def _read(state: ServeState, path: str) -> tuple[str, Path, bytes, list[str]]:
    """The file at path in the site, or the 404 page: never a file outside the output folder, nor the build's
    own files there (the marker and unfinished writes, whose names start with a dot)."""
    status = "200 OK"
    try:
        target = (state.output / path).resolve()
        found = (
            state.output.resolve() in target.parents
            and target.is_file()
            and not any(
                part.startswith(".") for part in target.relative_to(state.output.resolve()).parts
            )
        )
    except (OSError, ValueError):
        found = False
    if not found:
        status, target = "404 Not Found", state.output / "404.html"
    body = target.read_bytes() if target.is_file() else b""
    return status, target, body, list(state.errors)


def _with_errors(page: bytes, errors: list[str]) -> bytes:
    banner = BANNER.render(errors=errors, whole_page=not page).encode("utf-8")
    if not page:
        return banner
    return re.sub(rb"(<body[^>]*>)", lambda match: match.group(1) + banner, page, count=1)


def livereload_server(app):
    """livereload's server for app, answering HEAD requests with the headers of the page and no body (livereload
    itself would send the body it measured, which the HTTP server refuses)."""
    from livereload import Server
    from livereload.server import LiveScriptContainer
    from tornado import web

    class HeadersOnly:
        def __init__(self, connection):
            self.connection = connection

        def write_headers(self, start_line, headers, chunk=None):
            return self.connection.write_headers(start_line, headers)

        def __getattr__(self, name):
            return getattr(self.connection, name)

    class Container(LiveScriptContainer):
        def __call__(self, request):
            if request.method == "HEAD":
                request.connection = HeadersOnly(request.connection)
            return super().__call__(request)

    class LiveServer(Server):
        def get_web_handlers(self, script):
            return [(r".*", web.FallbackHandler, {"fallback": Container(self.app, script)})]

        def _setup_logging(self):
            """Only real errors from livereload and tornado: not their English news of each request and reload."""
            channel = logging.StreamHandler()
            channel.setLevel(logging.ERROR)
            for name in ("livereload", "tornado"):
                logging.getLogger(name).addHandler(channel)

    return LiveServer(app)


def listen_problem(error: OSError, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"le port {port} est déjà utilisé par un autre programme (un autre « serve » ?) ; essayez par "
            f"exemple : python3 build.py serve --port {port + 1} (ou make serve PORT={port + 1})"
        )
    if error.errno == errno.EACCES:
        return f"ce compte n'a pas le droit d'utiliser le port {port} ; essayez un port au-dessus de 1024, comme 8000"
    return f"{system_reason(error)} ; essayez un autre port avec --port"


def serve(options: Options, host: str, port: int, open_browser: bool, polling: bool = False) -> int:
    """polling: compare the sources every POLL_SECONDS, instead of being told of changes."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    config = load_config(options.config, Report(), options.content, options.output)
    sources = input_sources(config)
    state = ServeState(options, config.output_dir, sources)
    told = (
        None if polling else notifications_or_polling(sources)
    )  # before the snapshot: none missed
    seen = snapshot(sources)
    rebuild(state, sources=seen)
    settle_memory()
    loop = IOLoop.current()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        daemon=True,
        args=(
            state,
            lambda: loop.add_callback(LiveReloadHandler.reload_waiters),
            stop,
            seen,
            told and told[1],
        ),
    )
    thread.start()
    server = livereload_server(make_app(state))
    # Without any watch task livereload watches the working directory, output included; this task
    # (never triggering a reload) keeps it off, since our own thread does the watching.
    server.watch(str(config.path), delay="forever")
    loop.add_callback(
        print,
        f"Guide servi sur http://{host}:{port}/ ; les modifications de {config.content_dir.name}/, "
        f"{config.templates_dir.name}/ et {config.path.name} le reconstruisent. Ctrl-C pour arrêter.",
        flush=True,
    )  # once the server listens
    try:
        server.serve(
            host=host,
            port=port,
            debug=False,
            restart_delay=0,
            open_url_delay=0.5 if open_browser else None,
        )
    except OSError as error:
        print(
            f"Impossible de servir le guide sur {host}:{port} : {listen_problem(error, port)}",
            file=sys.stderr,
        )
        return 1
    finally:
        stop.set()
        if told:
            told[0].stop()
    return 0
