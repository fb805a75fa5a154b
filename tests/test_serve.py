"""python build.py serve: a real server on a free port, edited sources, errors shown, recovery,
incremental = full."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from conftest import (
    CALENDAR,
    CONFIG,
    FIRST_GUIDE,
    ROOT,
    SECOND_GUIDE,
    TEMPLATES,
    build_at,
    snapshot,
    write_files,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from handbook.build.pipeline import Cache, Options, build
from handbook.problems import BuildFailed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return (
                response.status,
                response.headers["Content-Type"],
                response.read().decode("utf-8"),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def wait_for(predicate, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("délai dépassé")


def page_containing(url: str, text: str) -> str | None:
    page = fetch(url)[2]
    return page if text in page else None


def start_serve(root) -> tuple[subprocess.Popen, str]:
    """build.py serve on a free port, for the site in root: the process and the site's address."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "serve",
            "--port",
            str(port),
            "--config",
            str(root / "site_config.yaml"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, f"http://127.0.0.1:{port}/"


def rebuilder(root, output):
    """A rebuild of the site in root as serve mode does it: the same cache from one call to the
    next, told which files changed since the previous call (from the watcher's snapshots)."""
    from handbook.build.freshness import snapshot
    from handbook.build.pipeline import input_sources
    from handbook.build.settings import load_config
    from handbook.problems import Report
    from handbook.serve.watch import changed_files

    cache, options = Cache(), Options(root / "site_config.yaml", output=output)
    sources = input_sources(load_config(options.config, Report()))
    seen = {}

    def rebuild():
        before, seen["snapshot"] = seen.get("snapshot"), snapshot(sources)
        return build(
            options,
            cache,
            None if before is None else changed_files(before, seen["snapshot"]),
            seen["snapshot"],
        )

    return rebuild


@pytest.fixture
def server(project):
    root = project()
    process, base = start_serve(root)
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        yield root, base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_break_and_fix_while_serving(server):
    root, base, _ = server
    status, kind, page = fetch(base + "guides/premier.html")
    assert status == 200 and kind == "text/html; charset=utf-8" and "Ouvrir." in page
    assert "livereload.js" in page

    write_files(
        root,
        {
            "content/guides/premier.md": FIRST_GUIDE.replace(
                "1. Ouvrir.", "1. Ouvrir Pix Orga tout de suite."
            )
        },
    )
    wait_for(lambda: "Ouvrir Pix Orga tout de suite." in fetch(base + "guides/premier.html")[2])

    write_files(
        root, {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")}
    )
    page = wait_for(lambda: page_containing(base + "periode-2.html", "erreurs-construction"))
    assert "content/calendar.yaml, ligne 18, champ « periodes › 2 › fin »" in page
    assert "Faire le bilan." in page  # the last good page is still served under the banner

    write_files(
        root,
        {"content/calendar.yaml": CALENDAR.replace("Faire le bilan.", "Faire le bilan final.")},
    )
    page = wait_for(lambda: page_containing(base + "periode-2.html", "bilan final"))
    assert "erreurs-construction" not in page


UNSORTED = {  # the checks find these in the order 18, 27, guide, 12
    "content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")
    .replace("guide: premier", "guide: premiere")
    .replace("date: 2023-10-27", "date: 2023-10-32"),
    "content/guides/premier.md": FIRST_GUIDE.replace("second.md#etapes", "troisieme.md"),
}
IN_ORDER = (
    "content/calendar.yaml, ligne 12,",
    "content/calendar.yaml, ligne 18,",
    "content/calendar.yaml, ligne 27,",
    "content/guides/premier.md, ligne 7 ",
)


def test_an_unclosed_quote_is_shown_at_its_line_and_errors_in_file_and_line_order(server):
    """The banner names the line where the quote was opened (not the next quoted line's
    indentation), and lists the errors in file and line order, whatever order the checks found
    them in."""
    root, base, _ = server
    broken = CALENDAR.replace(
        "- texte: Passer le test.", '- texte: "Passer le test : en salle info.'
    )
    write_files(
        root, {"content/calendar.yaml": broken.replace("Fin des campagnes", '"Fin des campagnes"')}
    )
    page = wait_for(lambda: page_containing(base + "periode-1.html", "erreurs-construction"))
    assert (
        "content/calendar.yaml, ligne 23 : le YAML est mal formé : le guillemet ouvert sur cette "
        "ligne n&#39;est pas refermé"
    ) in page and "retrait" not in page, page
    write_files(root, UNSORTED)
    page = wait_for(lambda: page_containing(base + "periode-1.html", "troisieme.md"))
    places = [page.index(where) for where in IN_ORDER]
    assert places == sorted(places), page


def test_a_content_folder_replaced_while_serving_is_still_watched(server):
    """The system tells of changes in the folder it watches, not in another put in its place (a
    copy restored, a folder renamed): serve's walks, every few seconds, still see them."""
    root, base, _ = server
    shutil.move(root / "content", root / "ancien")
    shutil.copytree(root / "ancien", root / "content")
    edited = FIRST_GUIDE.replace("1. Ouvrir.", "1. Ouvrir la copie.")
    write_files(root, {"content/guides/premier.md": edited})
    wait_for(lambda: "Ouvrir la copie." in fetch(base + "guides/premier.html")[2], 20)


def test_types_and_missing_pages(server):
    _, base, _ = server
    assert fetch(base + "calendrier.ics")[1] == "text/calendar; charset=utf-8"
    assert fetch(base + "static/style.css")[1] == "text/css; charset=utf-8"
    assert fetch(base + "calendriers/qr-calendrier.svg")[1] == "image/svg+xml"
    status, _, page = fetch(base + "nulle-part.html")
    assert status == 404 and "Page introuvable" in page
    assert fetch(base + "../site_config.yaml")[0] == 404


def request(base: str, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """A raw request, the path sent as it is (urllib would refuse a NUL byte)."""
    host, port = base.split("//")[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_head_requests_answer_the_headers_of_the_page(server):
    _, base, _ = server
    status, headers, body = request(base, "HEAD", "/index.html")
    full = request(base, "GET", "/index.html")
    assert status == 200 and body == b"" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(full[2]) > 1000
    assert request(base, "HEAD", "/nulle-part.html")[0] == 404
    assert request(base, "GET", "/index.html")[0] == 200  # the server is still up


def test_files_other_than_pages_are_checked_not_downloaded_again(server):
    """A page reloaded after a save asks whether its style sheet and scripts changed: « 304 » while
    they have not; pages themselves are never kept (they carry the errors)."""
    root, base, _ = server
    host, port = base.split("//")[1].rstrip("/").split(":")

    def get(path: str, tag: str | None = None):
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        try:
            connection.request("GET", path, headers={"If-None-Match": tag} if tag else {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    status, headers, body = get("/static/style.css")
    assert status == 200 and headers["Cache-Control"] == "no-cache" and headers["ETag"]
    assert len(body) > 1000
    again = get("/static/style.css", headers["ETag"])
    assert again[0] == 304 and again[2] == b""
    assert get("/static/style.css", '"autre"')[2] == body
    page = get("/guides/premier.html")
    assert page[1]["Cache-Control"] == "no-store" and "ETag" not in page[1]


def test_a_page_names_its_style_sheet_and_scripts_by_their_content(server):
    """Kept by the browser without asking, under an address that changes with their content."""
    import hashlib
    import re

    root, base, _ = server
    page = fetch(base + "guides/premier.html")[2]
    style = hashlib.sha1((root / "output/static/style.css").read_bytes()).hexdigest()[:12]
    assert f'href="../static/style.css?v={style}"' in page
    assert re.search(r'src="../static/site\.js\?v=[0-9a-f]{12}"', page)
    assert "?v=" not in (root / "output/guides/premier.html").read_text()  # only what serve sends
    with urllib.request.urlopen(f"{base}static/style.css?v={style}", timeout=5) as response:
        assert response.headers["Cache-Control"] == "max-age=31536000, immutable"
        assert response.read() == (root / "output/static/style.css").read_bytes()


@pytest.mark.parametrize(
    "path",
    ["/%00", "/guides/%00.html", "/" + "a" * 10_000, "/" + "a/" * 5_000 + "x.html"],
    ids=["nul", "nul-in-guides", "10-ko", "5000-folders"],
)
def test_hostile_paths_get_a_client_error_not_a_crash(server, path):
    _, base, process = server
    status, _, body = request(base, "GET", path)
    assert status in (400, 404) and b"Traceback" not in body
    assert request(base, "GET", "/index.html")[0] == 200 and process.poll() is None


@pytest.mark.parametrize("path", ["/.guide-pix", "/%2Eguide-pix", "/guides/../.guide-pix"])
def test_the_build_marker_is_never_served(server, path):
    root, base, _ = server
    assert (root / "output/.guide-pix").is_file()
    status, _, body = request(base, "GET", path)
    assert status == 404 and b'"files"' not in body


def settled(page, script: str):
    """The script's value once the page has stopped reloading: livereload may reload it once more
    while the test reads it (seen once in CI: « Execution context was destroyed »)."""
    for _ in range(3):
        try:
            return page.evaluate(script)
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
    return page.evaluate(script)


def test_the_error_banner_is_in_sight_of_a_reader_scrolled_down(server, browser):
    """After a broken save the page reloads where the reader was: the banner must be there too."""
    root, base, _ = server
    context = browser.new_context(viewport={"width": 800, "height": 300}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(base + "periode-2.html")
        page.evaluate("window.scrollTo(0, 126)")
        write_files(
            root, {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")}
        )
        wait_for(
            lambda: "erreurs-construction" in fetch(base + "periode-2.html")[2]
        )  # the rebuild has failed
        try:
            page.wait_for_selector(
                "#erreurs-construction", state="attached", timeout=5000
            )  # reloaded by livereload
        except (
            PlaywrightTimeout
        ):  # livereload's socket was not connected yet: reload as it would have
            page.reload()
        # One reading of the page, so that a late reload by livereload cannot fall between two.
        seen = settled(
            page,
            """() => {
                if (!window.scrollY) window.scrollTo(0, 126);  // where the reader was
                const banner = document.getElementById('erreurs-construction');
                const {top, bottom} = banner.getBoundingClientRect();
                return {scrolled: window.scrollY, top, bottom, shown: banner.checkVisibility()};
            }""",
        )
        assert seen["scrolled"] >= 126 and seen["shown"], seen
        assert 0 <= seen["top"] and seen["bottom"] <= 300, seen
    finally:
        context.close()


async def reloads_heard(base: str, action, seconds: float) -> list[dict]:
    """The reload commands livereload sends an open page (a livereload client on its socket) in the
    `seconds` after the client connected and `action` was done."""
    from tornado.websocket import websocket_connect

    socket = await websocket_connect(base.replace("http://", "ws://") + "livereload")
    protocol = "http://livereload.com/protocols/official-7"
    await socket.write_message(json.dumps({"command": "hello", "protocols": [protocol]}))
    assert json.loads(await socket.read_message())["command"] == "hello"
    await socket.write_message(json.dumps({"command": "info", "url": base, "plugins": {}}))
    await asyncio.sleep(0.1)  # the server has counted the page among those to reload
    action()
    heard, ends = [], time.monotonic() + seconds
    while (left := ends - time.monotonic()) > 0:
        try:
            message = await asyncio.wait_for(socket.read_message(), left)
        except asyncio.TimeoutError:
            break
        heard.append(json.loads(message))
    socket.close()
    return [message for message in heard if message.get("command") == "reload"]


def in_own_thread(coroutine):
    """The coroutine's value, run in a thread of its own (Playwright's loop may be running here)."""
    outcome = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_a_save_just_after_the_start_reloads_the_open_page_once(project):
    """A page open as serve starts, then a broken save: one reload, for the banner, and none after
    (livereload's own watcher reloaded the pages connected in the first second after the start:
    CI saw the page reload again once the banner showed)."""
    root = project()
    process, base = start_serve(root)
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        broken = {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")}
        reloads = in_own_thread(reloads_heard(base, lambda: write_files(root, broken), 2.5))
        assert "erreurs-construction" in fetch(base)[2]
        assert len(reloads) == 1, reloads
    finally:
        process.terminate()
        process.wait(timeout=10)


class Output:
    """What a serve process prints, read as it comes (a thread drains its pipe)."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        threading.Thread(
            target=lambda: self.lines.extend(iter(process.stdout.readline, "")), daemon=True
        ).start()

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))


def saved_in_a_burst(guide, texts: list[str]) -> float:
    """Save each text as editors do (a temporary file, then renamed over the guide), 2 ms apart:
    the longest gap between two saves, which a busy machine can stretch."""
    gaps, last = [], None
    for text in texts:
        temporary = guide.with_name(f".{guide.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, guide)
        now = time.monotonic()
        gaps.append(0 if last is None else now - last)
        last = now
        time.sleep(0.002)
    return max(gaps)


def test_a_burst_of_saves_gives_one_rebuild(project):
    """20 saves in 100 ms (temporary file and rename each time) make one rebuild. A burst that the
    machine stretched beyond the watcher's window is not a burst: it is saved again, a few times at
    most."""
    from handbook.serve.watch import COALESCE_SECONDS

    root = project()
    process, base = start_serve(root)
    output = Output(process)
    try:
        wait_for(lambda: output.count("Guide servi"), 60)
        for attempt in range(5):
            before = output.count("Site reconstruit")
            texts = [
                SECOND_GUIDE.replace("Revenir", f"Revenir ({attempt}-{number})")
                for number in range(20)
            ]
            longest = saved_in_a_burst(root / "content/guides/second.md", texts)
            wait_for(lambda: f"Revenir ({attempt}-19)" in fetch(base + "guides/second.html")[2])
            time.sleep(1)  # room for a second rebuild, if the burst gave one
            if longest < COALESCE_SECONDS:
                break
        assert longest < COALESCE_SECONDS, f"pas d'enregistrements en rafale ({longest:.3f} s)"
        assert output.count("Site reconstruit") - before == 1, output.lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def refusing_notifications() -> list[str]:
    """build.py's command in a process where inotify refuses to start, as at the system's limit."""
    code = (
        "import errno, sys; sys.path.insert(0, sys.argv.pop(1))\n"
        "from watchdog.observers.inotify import InotifyObserver\n"
        "def refuse(self): raise OSError(errno.ENOSPC, 'inotify watch limit reached')\n"
        "InotifyObserver.start = refuse\n"
        "from handbook.cli import main\n"
        "sys.exit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-c", code, str(ROOT)]


@pytest.mark.parametrize(
    "command, said",
    [
        (
            None,
            "Le système ne peut pas prévenir des modifications (le système a atteint sa limite de "
            "dossiers ou de programmes surveillés) : les fichiers sont relevés toutes les 0,2 s.",
        ),
        ("--sondage", None),
    ],
    ids=["sans-notifications", "sondage-demande"],
)
def test_serve_polls_the_files_without_notifications(project, command, said):
    root = project()
    port = free_port()
    arguments = ["serve", "--port", str(port), "--config", str(root / "site_config.yaml")]
    if command:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), *arguments, command],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    else:
        process = subprocess.Popen(
            refusing_notifications() + arguments,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200, 60)
        edited = FIRST_GUIDE.replace("1. Ouvrir.", "1. Ouvrir par sondage.")
        write_files(root, {"content/guides/premier.md": edited})
        wait_for(lambda: "Ouvrir par sondage." in fetch(base + "guides/premier.html")[2])
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
    if said:
        assert said in output, output
    else:
        assert "prévenir" not in output, output


def test_the_snapshot_after_notified_changes_is_that_of_a_new_walk(project):
    """Told which paths changed, the watcher looks at those alone: it must find what a walk of the
    sources finds, in the walk's order (the inputs' fingerprint follows it)."""
    from handbook.build.freshness import snapshot
    from handbook.serve.watch import refreshed

    root = project()
    sources = [root / "site_config.yaml", root / "content"]
    guides = root / "content/guides"
    edits = [
        (
            {"content/guides/premier.md": FIRST_GUIDE + "\nUne phrase de plus.\n"},
            {str(guides / "premier.md"), str(guides / ".premier.md.swp")},
            False,
        ),  # swp: gone
        ({"content/guides/second.md": None}, {str(guides / "second.md")}, False),
        (
            {"content/guides/nouveau.md": "---\ntitre: Nouveau\n---\nTexte.\n"},
            {str(guides / "nouveau.md")},
            False,
        ),
        (
            {"content/autres/a.md": "---\ntitre: A\n---\nTexte.\n"},
            {str(root / "content/autres")},
            True,
        ),
    ]
    seen = snapshot(sources)
    for files, paths, folder in edits:
        write_files(root, files)
        seen = refreshed(seen, paths, folder, sources)
        assert list(seen.files.items()) == list(snapshot(sources).files.items()), files


def test_serve_binds_to_localhost_by_default():
    from handbook.cli import parser

    assert parser().parse_args(["serve"]).host == "127.0.0.1"


def test_incremental_rebuild_equals_full_build(project, tmp_path):
    root = project()
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    edits = [
        {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")},
        {"content/calendar.yaml": CALENDAR.replace("Passer le test.", "Passer le test final.")},
        {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 22/12/2023")},
        {
            "content/calendar.yaml": CALENDAR.replace(
                "titre: Fin des campagnes", "titre: Fin des campagnes de rentrée"
            )
        },
        {
            "content/calendar.yaml": CALENDAR.replace(
                "        - Faire le bilan.\n",
                "        - texte: Faire le bilan.\n          guide: [premier, second]\n",
            )
        },
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "titre: Second guide", "titre: Second guide renommé"
            )
        },
        {"site_config.yaml": CONFIG.replace("Collège des Tests", "Collège des Essais")},
        {"content/guides/nouveau.md": "---\ntitre: Nouveau\n---\nVoir [premier](premier.md).\n"},
        {"content/guides/nouveau.md": None},
    ]
    for edit in edits:
        write_files(root, edit)
        rebuild()
        build_at(root, output=tmp_path / "full", reuse=False)
        assert snapshot(tmp_path / "serve") == snapshot(tmp_path / "full"), edit
    templates = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    config = root / "site_config.yaml"
    config.write_text(config.read_text().replace(TEMPLATES.as_posix(), templates.as_posix()))
    rebuild()
    (templates / "partials/footer.html").write_text("<footer>Pied modifié</footer>\n")
    rebuild()
    build_at(root, output=tmp_path / "full", reuse=False)
    assert snapshot(tmp_path / "serve") == snapshot(tmp_path / "full")
    assert "Pied modifié" in (tmp_path / "serve/guides/premier.html").read_text()


def test_incremental_rebuild_reuses_unchanged_guide_pages(project, tmp_path):
    root = project()
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    second = (tmp_path / "serve/guides/second.html").stat().st_mtime_ns
    write_files(root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")})
    time.sleep(0.01)
    rebuild()
    assert (tmp_path / "serve/guides/second.html").stat().st_mtime_ns == second
    assert "Ouvrir Pix." in (tmp_path / "serve/guides/premier.html").read_text()


def test_after_rebuilds_from_the_watchers_snapshots_a_build_finds_nothing_to_do(project, tmp_path):
    """The fingerprint serve leaves in the output is made from the watcher's snapshot: it must be
    the one a build.py run makes by looking at the files itself."""
    root = project()
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    write_files(root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")})
    a_minute_ago = (
        time.time() - 60
    )  # outside the racy rule's two seconds, which never lets a fingerprint match
    for path in root.rglob("*"):
        os.utime(path, (a_minute_ago, a_minute_ago))
    rebuild()
    assert build_at(root, output=tmp_path / "serve").up_to_date


def test_an_edit_that_keeps_the_size_and_date_is_seen_between_rebuilds(project, tmp_path):
    root = project()
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    guide = root / "content/guides/premier.md"
    before = guide.stat()
    guide.write_text(guide.read_text().replace("Ouvrir.", "Fermer."))
    os.utime(guide, ns=(before.st_atime_ns, before.st_mtime_ns))
    rebuild()
    assert "Fermer." in (tmp_path / "serve/guides/premier.html").read_text()


def test_a_broken_calendar_fails_every_rebuild_until_it_is_fixed(project, tmp_path):
    root = project(
        {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 45/12/2023")}
    )
    rebuild = rebuilder(root, tmp_path / "serve")
    for _ in range(2):
        with pytest.raises(BuildFailed) as failure:
            rebuild()
        assert any("45/12/2023" in str(problem) for problem in failure.value.report.errors)
    write_files(root, {"content/calendar.yaml": CALENDAR})
    rebuild()
    assert (tmp_path / "serve/index.html").exists()


def test_serve_says_so_when_the_site_is_already_up_to_date(project):
    root = project()
    a_minute_ago = time.time() - 60  # files saved just now would be read again, to be sure of them
    for path in root.rglob("*"):
        os.utime(path, (a_minute_ago, a_minute_ago))
    build_at(root)
    process, base = start_serve(root)
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        assert fetch(base + "absente.html")[0] == 404
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "Site à jour : " in output and "Site reconstruit" not in output, output
    assert f"Guide servi sur {base} ;" in output, output
    assert "Serving on" not in output and "404 GET" not in output, (
        output
    )  # livereload's and tornado's news, in English


def test_a_port_already_in_use_is_said_in_french_with_another_to_try(project):
    root = project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--port",
                str(port),
                "--config",
                str(root / "site_config.yaml"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert process.returncode == 1
    assert (
        f"Impossible de servir le guide sur 127.0.0.1:{port} : le port {port} est déjà utilisé par "
        "un autre programme (un autre « serve » ?) ; essayez par exemple : "
        f"python3 build.py serve --port {port + 1} "
        f"(ou make serve PORT={port + 1})"
    ) in process.stderr, process.stderr
    assert "Guide servi" not in process.stdout, process.stdout


@pytest.mark.parametrize("notified", [True, False], ids=["notifications", "sondage"])
def test_the_watcher_survives_any_failure_of_a_rebuild(project, tmp_path, monkeypatch, notified):
    from handbook.serve import server
    from handbook.serve import watch as serve

    root = project()
    options = Options(root / "site_config.yaml", output=tmp_path / "serve")
    state = serve.ServeState(options, options.output, [root / "content", root / "site_config.yaml"])
    observer, heard = serve.notifications(state.sources) if notified else (None, None)
    seen = serve.snapshot(state.sources)
    serve.rebuild(state, sources=seen)
    real_build, calls = serve.build, []

    def failing_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("panne injectée")
        return real_build(*args)

    monkeypatch.setattr(serve, "build", failing_once)
    logged, rebuilt, stop = [], threading.Event(), threading.Event()
    real_rebuild = serve.rebuild
    monkeypatch.setattr(
        serve,
        "rebuild",
        lambda state, changed, sources, **told: real_rebuild(
            state, changed, sources, logged.append, **told
        ),
    )
    watcher = threading.Thread(
        target=serve.watch, args=(state, rebuilt.set, stop, seen, heard), daemon=True
    )
    watcher.start()
    try:
        write_files(
            root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")}
        )
        wait_for(lambda: rebuilt.wait(0.1) and state.errors)
        assert (
            "RuntimeError : panne injectée" in state.errors[0]
            and "dernier site correct" in state.errors[0]
        )
        assert any("panne injectée" in line and "Traceback" in line for line in logged)
        banner = server.make_app(state)({"PATH_INFO": "/index.html"}, lambda status, headers: None)[
            0
        ]
        assert b"panne inject\xc3\xa9e" in banner
        rebuilt.clear()
        write_files(
            root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix Orga.")}
        )
        # the page is written before the rebuild clears the errors: both are waited for
        page = tmp_path / "serve/guides/premier.html"
        wait_for(lambda: not state.errors and "Ouvrir Pix Orga." in page.read_text())
        assert watcher.is_alive()
    finally:
        stop.set()
        watcher.join(timeout=10)
        if observer:
            observer.stop()


@contextmanager
def watched(root, output, monkeypatch):
    """serve's watcher on the site in root, told by the system: the list of its rebuilds, each as
    the errors it left (none: the site was rebuilt)."""
    from handbook.serve import watch as serve

    options = Options(root / "site_config.yaml", output=output)
    state = serve.ServeState(options, options.output, [root / "content", root / "site_config.yaml"])
    observer, heard = serve.notifications(state.sources)
    seen = serve.snapshot(state.sources)
    serve.rebuild(state, sources=seen)
    rebuilds, real_rebuild = [], serve.rebuild

    def recorded(state, changed, sources, **told):
        real_rebuild(state, changed, sources, lambda line: None, **told)
        rebuilds.append(list(state.errors))

    monkeypatch.setattr(serve, "rebuild", recorded)
    stop = threading.Event()
    watcher = threading.Thread(
        target=serve.watch, args=(state, lambda: None, stop, seen, heard), daemon=True
    )
    watcher.start()
    try:
        yield rebuilds
    finally:
        stop.set()
        watcher.join(timeout=10)
        observer.stop()


def test_a_file_written_in_place_in_two_goes_gives_one_rebuild(project, tmp_path, monkeypatch):
    """Truncated, then written in two halves far apart (a busy machine can part an editor's writes):
    one rebuild, once the file is closed, and never the errors of the half-written file."""
    from handbook.serve.watch import COALESCE_SECONDS

    root = project()
    text = FIRST_GUIDE.replace("Ouvrir.", "Ouvrir en deux fois.")
    half = text.index("resume:")  # the front matter not closed yet: an error
    with watched(root, tmp_path / "serve", monkeypatch) as rebuilds:
        with open(root / "content/guides/premier.md", "w", encoding="utf-8") as guide:
            guide.write(text[:half])
            guide.flush()
            time.sleep(10 * COALESCE_SECONDS)
            guide.write(text[half:])
        wait_for(lambda: rebuilds)
        time.sleep(1)  # room for a second rebuild, if the two halves gave two
    assert rebuilds == [[]]
    assert "Ouvrir en deux fois." in (tmp_path / "serve/guides/premier.html").read_text()


def test_a_file_left_open_after_its_writing_is_rebuilt_all_the_same(project, tmp_path, monkeypatch):
    root = project()
    with watched(root, tmp_path / "serve", monkeypatch) as rebuilds:
        with open(root / "content/guides/premier.md", "w", encoding="utf-8") as guide:
            guide.write(FIRST_GUIDE.replace("Ouvrir.", "Ouvrir, fichier ouvert."))
            guide.flush()
            wait_for(lambda: rebuilds)
            assert not guide.closed
    assert rebuilds == [[]]
    assert "Ouvrir, fichier ouvert." in (tmp_path / "serve/guides/premier.html").read_text()


def test_a_rebuild_follows_the_configuration_to_another_content_folder(project, tmp_path):
    root = project()
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    shutil.copytree(root / "content", root / "autre")
    write_files(
        root,
        {
            "autre/calendar.yaml": CALENDAR.replace(
                "Faire le bilan.", "Faire le bilan du second dossier."
            ),
            "site_config.yaml": CONFIG + "dossier_contenu: autre\n",
        },
    )
    rebuild()
    assert "bilan du second dossier" in (tmp_path / "serve/periode-2.html").read_text()


def test_the_open_pages_are_reloaded_as_soon_as_the_new_site_is_in_place(project, tmp_path):
    """The reload is ordered once the new pages are in the output, with the errors of the previous
    rebuild cleared, while the build ends (the marker is written after): the pages' requests wait
    for the lock. A failed rebuild reloads them once it has ended, with its errors."""
    from handbook.build.write import MARKER
    from handbook.serve import watch as serve

    root = project()
    options = Options(root / "site_config.yaml", output=tmp_path / "serve")
    state = serve.ServeState(options, options.output, [root / "content", root / "site_config.yaml"])
    seen = serve.snapshot(state.sources)
    serve.rebuild(state, sources=seen, log=lambda line: None)
    page, marker = tmp_path / "serve/guides/premier.html", tmp_path / "serve" / MARKER
    reloads = []

    def reload() -> None:
        reloads.append(
            (
                "Ouvrir vite." in page.read_text(),
                marker.read_text(),
                list(state.errors),
                state.lock.locked(),
            )
        )

    state.errors = ["erreur de la reconstruction précédente"]
    before = marker.read_text()
    write_files(root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir vite.")})
    seen = serve._rebuild_if_changed(state, reload, seen, serve.snapshot(state.sources))
    assert reloads == [(True, before, [], True)]
    assert marker.read_text() != before
    reloads.clear()
    write_files(root, {"content/guides/premier.md": "---\ntitre: [\n---\n"})
    serve._rebuild_if_changed(state, reload, seen, serve.snapshot(state.sources))
    assert len(reloads) == 1 and reloads[0][2] and not reloads[0][3]
