"""python build.py serve: build, serve the site with livereload, rebuild on every change.

The watching and rebuilding is watch.py's, in its own thread; here, the site is served from the
output folder, with the errors of the last rebuild on every page, and livereload reloads the open
pages once a rebuild is done. livereload itself only serves and reloads: its own watcher is silenced
(Silent). Left running, it polls on its own, drops a reload that comes within seconds of the
previous one (which would lose edits), reloads the pages connected in the first second after the
start (a « restart » reload, which came after the banner of a save made meanwhile) and, told not to
reload for a file (delay « forever »), reloads for it anyway.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import mimetypes
import posixpath
import re
import sys
import threading
from pathlib import Path
from urllib.parse import unquote

import jinja2

from handbook.build.pipeline import Options, input_sources
from handbook.build.settings import load_config
from handbook.problems import Report, system_reason
from handbook.serve.watch import (
    ServeState,
    notifications_or_polling,
    rebuild,
    settle_memory,
    snapshot,
    watch,
)

MAX_PATH = 1024  # characters: longer addresses are refused before they reach the file system
BAD_REQUEST = "Adresse incorrecte.\n".encode()
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


def make_app(state: ServeState):
    """A WSGI app serving the output folder, with the right types, and the build errors on every
    page.

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
        # never a page of the new site with the errors of the old one, or the reverse
        with state.lock:
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
    """The file at path in the site, or the 404 page: never a file outside the output folder, nor
    the build's own files there (the marker and unfinished writes, whose names start with a dot)."""
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
    """livereload's server for app, which reloads the open pages when told to, and only then (see
    Silent); answering HEAD requests with the headers of the page and no body (livereload itself
    would send the body it measured, which the HTTP server refuses)."""
    from livereload import Server
    from livereload.server import LiveScriptContainer
    from livereload.watcher import Watcher
    from tornado import web

    class Silent(Watcher):
        """livereload's watcher, that never finds a change: the only reloads are watch.py's."""

        def watch(self, *args, **kwargs) -> None:
            pass

        def start(self, callback) -> bool:
            return True  # « started »: livereload then never polls it

        def examine(self) -> tuple[None, None]:
            return None, None

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
            """Only real errors from livereload and tornado: not their English news of each request
            and reload."""
            channel = logging.StreamHandler()
            channel.setLevel(logging.ERROR)
            for name in ("livereload", "tornado"):
                logging.getLogger(name).addHandler(channel)

    return LiveServer(app, Silent())


def listen_problem(error: OSError, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"le port {port} est déjà utilisé par un autre programme (un autre « serve » ?) ; "
            f"essayez par exemple : python3 build.py serve --port {port + 1} "
            f"(ou make serve PORT={port + 1})"
        )
    if error.errno == errno.EACCES:
        return (
            f"ce compte n'a pas le droit d'utiliser le port {port} ; essayez un port au-dessus de "
            "1024, comme 8000"
        )
    return f"{system_reason(error)} ; essayez un autre port avec --port"


def serve(options: Options, host: str, port: int, open_browser: bool, polling: bool = False) -> int:
    """polling: compare the sources every POLL_SECONDS, instead of being told of changes."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    config = load_config(options.config, Report(), options.content, options.output)
    sources = input_sources(config)
    state = ServeState(options, config.output_dir, sources)
    # before the snapshot: no change missed
    told = None if polling else notifications_or_polling(sources)
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
    loop.add_callback(
        print,
        f"Guide servi sur http://{host}:{port}/ ; les modifications de "
        f"{config.content_dir.name}/, {config.templates_dir.name}/ et {config.path.name} le "
        "reconstruisent. Ctrl-C pour arrêter.",
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
