"""The watcher of serve (server.py): rebuild after each burst of changes to the sources.

It is told of every change under the sources (content, templates, configuration; never the
output) by the system (inotify on Linux, through watchdog). It waits for the end of a burst of
saves (no notification for COALESCE_SECONDS: an editor's temporary file and rename, « save all »;
a file written in place, until it is closed), looks again at the files named, rebuilds, then has
the open pages reloaded. Where the system gives no notifications, or when asked (--sondage:
network shares, where they are unreliable), it polls the sources instead, every POLL_SECONDS.
A failed rebuild keeps the last good site; its errors, or any unexpected failure, are printed and
kept to be shown on every page, and the watcher goes on. Each rebuild is told which files changed,
so it reads only those.
"""

from __future__ import annotations

import errno
import gc
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from handbook.build.freshness import RACY_SECONDS, Snapshot, file_state, snapshot
from handbook.build.pipeline import Cache, Options, build
from handbook.problems import BuildFailed, counted, shown, system_reason

COALESCE_SECONDS = 0.02  # a burst of saves ends when no notification came for this long
LONGEST_BURST_SECONDS = 1.0  # notifications that never stop (a program always writing): rebuilt
CLOSE_SECONDS = 0.5  # a file being written in place: how long its close is waited for, at most
WAKE_SECONDS = 0.5  # how often a watcher waiting for notifications looks whether it must stop
CHECK_SECONDS = 3.0  # and how often it walks the sources, for what notifications cannot tell
POLL_SECONDS = 0.2  # without notifications: the sources are compared this often
SETTLE_SECONDS = 0.3  # and a burst has ended when they stayed the same for this long


@dataclass
class ServeState:
    options: Options
    output: Path
    sources: list[Path]
    cache: Cache = field(default_factory=Cache)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def rebuild(
    state: ServeState,
    changed: set[str] | None = None,
    sources: Snapshot | None = None,
    log=print,
    committed: Callable[[], None] | None = None,
) -> None:
    """Build once more; on failure keep what is served and remember the errors to show them.

    changed: the source files changed since the previous rebuild read them (None: read everything);
    sources: the watcher's snapshot they were found from; committed: called once the new site's
    files are in place, its errors cleared, while the build ends (the marker, the staging folder):
    pages asking for the site meanwhile wait for the lock. Whatever happens in the build is
    reported here, so that the watcher never stops.
    """

    def in_place() -> None:
        state.errors = []
        if committed:
            committed()

    with state.lock:
        try:
            result = build(state.options, state.cache, changed, sources, in_place)
        except BuildFailed as failure:
            root = state.options.config.resolve().parent
            state.errors = [str(problem) for problem in shown(failure.report.errors, root)]
            for line in state.errors:
                log(f"ERREUR  {line}")
            failed = counted(len(state.errors), "erreur")
            log(f"Échec : {failed} ; le dernier site correct reste servi.")
            return
        except OSError as error:
            # the files it read may be half read; the next rebuild reads everything again
            state.cache = Cache()
            state.errors = [
                f"écriture impossible dans {state.output} : {system_reason(error)} "
                f"({error.filename or state.output})"
            ]
            log(f"ERREUR  {state.errors[0]}")
            return
        # A bug must not stop the rebuilds: reported, then forgotten.
        except Exception as error:  # noqa: BLE001
            # what it held may be half made; the next rebuild reads everything again
            state.cache = Cache()
            state.errors = [
                "la reconstruction a échoué de façon inattendue "
                f"({type(error).__name__} : {error}) ; le dernier site correct reste servi. "
                "Signalez ce problème avec le détail affiché dans le terminal"
            ]
            log(f"ERREUR  {state.errors[0]}\n{traceback.format_exc()}")
            return
        state.errors = []
        for warning in result.warnings:
            log(f"ATTENTION  {warning}")
        if result.up_to_date:
            pages = result.page_count
            log(f"Site à jour : {pages} pages, rien n'a changé depuis la dernière construction.")
        else:
            seconds = f"{result.seconds:.2f}".replace(".", ",")
            log(f"Site reconstruit : {result.page_count} pages en {seconds} s")


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Files added, removed or changed between two snapshots, and those saved too recently for their
    date to prove them unchanged (see freshness.py)."""
    recent = (time.time() - RACY_SECONDS) * 1e9
    return {
        path
        for path in before.files.keys() | after.files.keys()
        if before.files.get(path) != after.files.get(path)
    } | {path for path, (modified, _, _) in after.files.items() if modified >= recent}


class Notifications:
    """The system's notifications of changes under the sources (from watchdog's thread): how many
    came, the paths they named since the watcher last took them, and the files being written."""

    def __init__(self) -> None:
        self.count = 0
        self._paths: set[str] = set()
        self._folders = False  # a folder made, moved or removed: a new walk tells what it holds
        self._writing: set[str] = set()  # files written to, and not closed since
        self._arrived = threading.Condition()

    def notify(self, paths: list[str], folder: bool = False, writing: bool | None = None) -> None:
        """writing: True when the first path was written to, False when it was closed, removed or
        renamed."""
        with self._arrived:
            self.count += 1
            self._paths.update(paths)
            self._folders = self._folders or folder
            if writing:
                self._writing.add(paths[0])
            elif writing is False:
                self._writing.discard(paths[0])
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
        none came for WAKE_SECONDS; None once stop is set.

        A file written in place (truncated, then written) may be written in several goes, more than
        COALESCE_SECONDS apart on a busy machine: the burst goes on until it is closed, or for
        CLOSE_SECONDS without news of it; a rebuild between the goes would show a half-written
        file, with errors that the next one clears."""
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
                quiet = CLOSE_SECONDS if self._writing else COALESCE_SECONDS
                if (
                    not self._arrived.wait_for(lambda: self.count != count, quiet)
                    or time.monotonic() >= ends
                ):
                    self._writing.clear()  # never closed (a program holding it open): forgotten
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
            self.heard.notify(paths, event.is_directory, _writing(event))


def _writing(event: events.FileSystemEvent) -> bool | None:
    """Whether the event starts the writing of a file (True) or ends it (False)."""
    if isinstance(event, events.FileModifiedEvent):
        return True
    if isinstance(event, (events.FileClosedEvent, events.FileDeletedEvent, events.FileMovedEvent)):
        return False
    return None


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
                # Nothing for a while: time for what must not delay a rebuild and its reload, and
                # for a walk, which finds what notifications cannot tell (a source folder replaced
                # by another).
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
    """The open pages are reloaded as soon as the new site is in place (their requests wait for
    the end of the rebuild); after a failure, or nothing written, once it has ended."""
    if current == seen:
        return seen
    reloaded = []

    def committed() -> None:
        reloaded.append(True)
        on_rebuilt()

    rebuild(state, changed_files(seen, current), current, committed=committed)
    if not reloaded or state.errors:
        on_rebuilt()
    return current


def settle_memory() -> None:
    """Between rebuilds: collect this build's garbage now, then exempt what stays (the guides and
    templates kept for the next rebuild) from the garbage collector, which would otherwise pause
    rebuilds to scan it. With notifications, done once the reloaded pages are served (see watch)."""
    gc.collect()
    gc.freeze()
