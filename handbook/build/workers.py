"""Work shared between processes: the one place where the build starts other processes.

The fork rule: the build forks copies of itself only where os.fork exists, while no other thread
runs (a thread may hold a lock at the moment of the copy, which the copy would then wait for
forever: serve runs a watcher and a server, so its rebuilds work in this process; its first build
comes before they start) and when there is enough work to pay for the copies; otherwise all the work
is done here, in this process.

A copy inherits everything it needs (the validated handbook, the Jinja environment…): nothing is
pickled on the way there. It takes items from a common queue, sends each result back as raw bytes on
its own pipe, and leaves without running anything of this process (no cleanup, no writer: only the
parent writes the site). A copy that fails or dies is an error in the parent (WorkerFailed), never a
wait.
"""

from __future__ import annotations

import os
import select
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

try:
    from fcntl import ioctl
    from termios import FIONREAD
except ImportError:  # no fork there either: the work stays in this process
    ioctl = FIONREAD = None
try:
    from fcntl import F_SETPIPE_SZ, fcntl
except ImportError:  # only Linux can widen a pipe
    F_SETPIPE_SZ = None

Item = TypeVar("Item")
MAX_WORKERS = 4
_SHARING = False  # True while this process shares work, or in a copy: no copies of copies
# Items a process takes from the queue at a time (more on a very large list, see _group): one, so
# that a slow item (the feeds, icalendar imported: 80 to 100 ms) holds back no other item with it.
TAKEN_AT_ONCE = 1
_NUMBER = struct.Struct(
    "<I"
)  # an item's position, as the queue and the results carry it; a result's length


class WorkerFailed(RuntimeError):
    """A worker process stopped before it had sent all its results."""


def shared_work(
    function: Callable[[Item], bytes],
    items: Sequence[Item],
    parallel_from: int,
    each_copy_at_most: int | None = None,
) -> Iterator[tuple[int, bytes]]:
    """(position, function(item)) for every item, in the order they are ready (not that of the
    items).

    From parallel_from items on, and if the fork rule allows, the work is shared: this process forks
    workers − 1 copies and works too (SharedWork); each takes an item at a time from a common queue
    until none are left, so that this process, which also handles every result, simply takes fewer.
    It takes in the copies' results between two of its own items.

    With each_copy_at_most, this process does none of the items: it forks a copy per processor,
    each leaving once it has done that many items, and replaces each copy that leaves while items
    are left. What an item's work leaves behind in memory (caches filled, memory too scattered to
    be given back) then never outlives that many items, however many there are.
    """
    if not each_copy_at_most:
        yield from SharedWork(function, items, parallel_from)
        return
    workers = min(usable_cpus(), MAX_WORKERS)
    if len(items) < parallel_from or workers < 2 or not fork_allowed():
        for position, item in enumerate(items):
            yield position, function(item)
        return
    global _SHARING
    queue = _work_queue(len(items))
    children: list[_Child] = []
    _SHARING = True  # the items' own work, in the copies, is done without more copies
    try:
        yield from _copies_only(function, items, queue, workers, each_copy_at_most, children)
    finally:
        _SHARING = False
        os.close(queue)
        for child in children:
            child.stop()
    _all_came_back(sum(child.sent for child in children), len(items))


def _all_came_back(count: int, expected: int) -> None:
    """Raise WorkerFailed if results are missing: a worker left without error but without all it
    took (never seen, but never silent)."""
    if count != expected:
        raise WorkerFailed(
            f"{expected - count} résultat(s) sur {expected} manquent, sans qu'un processus de "
            "travail ait signalé d'erreur"
        )


def _copies_only(
    function: Callable[[Item], bytes],
    items: Sequence[Item],
    queue: int,
    workers: int,
    at_most: int,
    children: list[_Child],
) -> Iterator[tuple[int, bytes]]:
    """Every result, from copies that each do at most at_most items; children: every copy forked."""
    while True:
        running = sum(child.running for child in children)
        if running < workers and _queued(queue):
            children.append(_fork(function, items, queue, at_most))
            continue
        if not running:
            return
        yield from _ready_results(children, wait_for_one=True)


def _queued(queue: int) -> bool:
    """Whether items are still waiting in the queue."""
    return struct.unpack("i", ioctl(queue, FIONREAD, b"\0\0\0\0"))[0] > 0


def fork_allowed() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and not _SHARING


def usable_cpus() -> int:
    """Processors this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class SharedWork:
    """Work shared as shared_work does, but the copies are forked at once: they start on the items
    while this process does something else, then iterating gives the results (this process takes
    its share of the items that are left). close() stops the copies if the results are never asked
    for."""

    def __init__(
        self, function: Callable[[Item], bytes], items: Sequence[Item], parallel_from: int
    ):
        global _SHARING
        self.function, self.items = function, items
        self.queue: int | None = None
        self.children: list[_Child] = []
        workers = min(usable_cpus(), MAX_WORKERS)
        if len(items) < parallel_from or workers < 2 or not fork_allowed():
            return
        self.queue = _work_queue(len(items))
        _SHARING = True  # the items' own work, here and in the copies, is done without more copies
        try:
            for _ in range(workers - 1):
                self.children.append(_fork(function, items, self.queue))
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        if self.queue is None:
            for position, item in enumerate(self.items):
                yield position, self.function(item)
            return
        count = 0
        try:
            for position in _taken(self.queue, len(self.items)):
                yield position, self.function(self.items[position])
                count += 1
                for result in _ready_results(self.children, wait_for_one=False):
                    yield result
                    count += 1
            while any(child.running for child in self.children):
                for result in _ready_results(self.children, wait_for_one=True):
                    yield result
                    count += 1
        finally:
            self.close()
        _all_came_back(count, len(self.items))

    def close(self) -> None:
        """Stop the copies still running (the results were not all asked for) and end the
        sharing."""
        global _SHARING
        if self.queue is None:
            return
        _SHARING = False
        os.close(self.queue)
        self.queue = None
        for child in self.children:
            child.stop()


def _work_queue(count: int) -> int:
    """A pipe holding the first position of every group of items, read by all the processes: a read
    of one number takes a group that no other process gets (a read of a few bytes from a pipe
    holding only such numbers is whole). The write end is closed before any fork, so that an empty
    queue reads as its end."""
    read_end, write_end = os.pipe()
    try:
        os.write(
            write_end, b"".join(_NUMBER.pack(start) for start in range(0, count, _group(count)))
        )
    finally:
        os.close(write_end)
    return read_end


def _group(count: int) -> int:
    """Items taken at a time: a few, in at most 1,000 groups, whose numbers fit in the smallest pipe
    buffer (one page of 4 KiB, which Linux gives a user who has many pipes open): the write never
    waits for a reader."""
    return max(TAKEN_AT_ONCE, -(-count // 1000))


def _taken(queue: int, count: int, at_most: int | None = None) -> Iterator[int]:
    """The positions this process takes from the queue, a group at a time, until it is empty or,
    with at_most, until it has taken that many (the last group whole)."""
    taken = 0
    while (at_most is None or taken < at_most) and len(
        data := os.read(queue, _NUMBER.size)
    ) == _NUMBER.size:
        start = _NUMBER.unpack(data)[0]
        group = range(start, min(start + _group(count), count))
        taken += len(group)
        yield from group


class _Child:
    """A forked worker seen from the parent: its process id, the read end of its pipe, whether it
    still runs."""

    def __init__(self, pid: int, pipe: int):
        self.pid, self.pipe = pid, pipe
        self.running, self.status, self.sent = True, None, 0

    def receive(self) -> tuple[int, bytes] | None:
        """Its next result; None once it has sent everything and left."""
        head = _read_exactly(self.pipe, _NUMBER.size)
        data = _read_exactly(self.pipe, _NUMBER.unpack(head)[0]) if head else None
        if data is None:
            _, self.status = os.waitpid(self.pid, 0)
            self.running = False
            if self.status or head:
                raise WorkerFailed(self._failure())
            return None
        self.sent += 1
        return _NUMBER.unpack_from(data)[0], data[_NUMBER.size :]

    def stop(self) -> None:
        """End the worker if it is still there (the parent stopped early: an error, or nobody wants
        the rest)."""
        os.close(self.pipe)
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
            except (ChildProcessError, ProcessLookupError):
                self.status = -1
            self.running = False

    def _failure(self) -> str:
        code = os.waitstatus_to_exitcode(self.status)
        how = f"tué par le signal {-code}" if code < 0 else f"sorti avec le code {code}"
        return (
            f"un processus de travail (pid {self.pid}) s'est arrêté ({how}) avant d'avoir rendu "
            "tout son travail ; son message d'erreur, s'il en a laissé un, est affiché plus haut"
        )


def _fork(
    function: Callable[[Item], bytes],
    items: Sequence[Item],
    queue: int,
    at_most: int | None = None,
) -> _Child:
    reader, writer = os.pipe()
    _widen(writer)
    sys.stdout.flush()
    sys.stderr.flush()  # or the copy would print again what this process has not written out yet
    pid = os.fork()
    if pid == 0:
        _work(function, items, queue, writer, reader, at_most)
    os.close(writer)  # the copy holds its own: the pipe ends when the copy does
    return _Child(pid, reader)


# What a copy may send before it waits for this process to read it. This process reads only between
# two of its own items, and one item can take 80 ms (the feeds, icalendar imported): with a pipe's
# 64 KiB, a copy waited meanwhile with six pages sent (half of the rendering of the shipped handbook
# built without .cache/).
PIPE_BYTES = 1 << 20


def _widen(pipe: int) -> None:
    """Let the pipe hold PIPE_BYTES (Linux's limit for any user); elsewhere, or if refused, not."""
    if F_SETPIPE_SZ is not None:
        try:
            fcntl(pipe, F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:
            pass


def _work(
    function: Callable[[Item], bytes],
    items: Sequence[Item],
    queue: int,
    pipe: int,
    parent_end: int,
    at_most: int | None,
) -> None:
    """In the copy: items from the queue, each result on the pipe after its length and position,
    then out without returning into the parent's code."""
    code = 0
    try:
        os.close(parent_end)
        for position in _taken(queue, len(items), at_most):
            data = _NUMBER.pack(position) + function(items[position])
            _write_all(pipe, _NUMBER.pack(len(data)) + data)
    except BaseException:  # noqa: BLE001 - whatever it is, the parent must hear of it, and this copy must end here
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _write_all(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def _read_exactly(pipe: int, size: int) -> bytes | None:
    """size bytes from the pipe; None if it ends before (the worker has left)."""
    chunks = []
    while size:
        chunk = os.read(pipe, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _ready_results(children: list[_Child], wait_for_one: bool) -> Iterator[tuple[int, bytes]]:
    """The results that the workers have sent so far; with wait_for_one, waits until one has come or
    a worker has left."""
    timeout = None if wait_for_one else 0
    while running := {child.pipe: child for child in children if child.running}:
        ready, _, _ = select.select(list(running), [], [], timeout)
        if not ready:
            return
        for pipe in ready:
            if (result := running[pipe].receive()) is not None:
                yield result
        timeout = 0
