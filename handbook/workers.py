"""Work shared between processes: the one place where the build starts other processes.

The fork rule: the build forks copies of itself only where os.fork exists, while no other thread runs (a
thread may hold a lock at the moment of the copy, which the copy would then wait for forever: serve runs a
watcher and a server, so its rebuilds work in this process; its first build comes before they start) and
when there is enough work to pay for the copies; otherwise all the work is done here, in this process.

A copy inherits everything it needs (the validated handbook, the Jinja environment…): nothing is pickled on
the way there. It does its share, sends each result back as raw bytes on its own pipe, and leaves without
running anything of this process (no cleanup, no writer: only the parent writes the site). A copy that
fails or dies is an error in the parent (WorkerFailed), never a wait.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
MAX_WORKERS = 4


class WorkerFailed(RuntimeError):
    """A worker process stopped before it had sent all its results."""


def shared_work(function: Callable[[Item], bytes], items: Sequence[Item], parallel_from: int
                ) -> Iterator[tuple[int, bytes]]:
    """(position, function(item)) for every item, in the order they are ready (not that of the items).

    From parallel_from items on, and if the fork rule allows, the work is shared: this process forks
    workers − 1 copies, does its own share meanwhile and takes in the copies' results between two of its items.
    """
    workers = min(usable_cpus(), MAX_WORKERS)
    if len(items) < parallel_from or workers < 2 or not fork_allowed():
        for position, item in enumerate(items):
            yield position, function(item)
        return
    shares = [range(start, len(items), workers) for start in range(workers)]  # interleaved: big and small items mix
    children = [_fork(function, items, share) for share in shares[1:]]
    try:
        for position in shares[0]:
            yield position, function(items[position])
            yield from _ready_results(children, wait_for_one=False)
        while any(child.expected for child in children):
            yield from _ready_results(children, wait_for_one=True)
        for child in children:
            child.finish()
    finally:
        for child in children:
            child.stop()


def fork_allowed() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def usable_cpus() -> int:
    """Processors this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Child:
    """A forked worker seen from the parent: its process id, the read end of its pipe and the positions whose
    results are still to come, in the order it sends them."""

    def __init__(self, pid: int, connection, share: range):
        self.pid, self.connection, self.expected = pid, connection, list(reversed(share))
        self.status: int | None = None

    def receive(self) -> tuple[int, bytes]:
        try:
            data = self.connection.recv_bytes()
        except (EOFError, OSError):
            raise WorkerFailed(self._failure()) from None
        return self.expected.pop(), data

    def finish(self) -> None:
        """Wait for the worker to leave, once it has sent everything."""
        self.connection.close()
        _, self.status = os.waitpid(self.pid, 0)
        if self.status:
            raise WorkerFailed(self._failure())

    def stop(self) -> None:
        """End the worker if it is still there (the parent stopped early: an error, or nobody wants the rest)."""
        self.connection.close()
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
            except (ChildProcessError, ProcessLookupError):
                self.status = -1

    def _failure(self) -> str:
        if self.status is None:
            _, self.status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(self.status)
        how = f"tué par le signal {-code}" if code < 0 else f"sorti avec le code {code}"
        return (f"un processus de travail (pid {self.pid}) s'est arrêté ({how}) avant d'avoir rendu tout son travail "
                f"({len(self.expected)} résultat(s) manquant(s)) ; son message d'erreur, s'il en a laissé un, est "
                "affiché plus haut")


def _fork(function: Callable[[Item], bytes], items: Sequence[Item], share: range) -> _Child:
    from multiprocessing.connection import Pipe  # only a large site pays for importing it
    reader, writer = Pipe(duplex=False)
    sys.stdout.flush()
    sys.stderr.flush()  # or the copy would print again what this process has not written out yet
    pid = os.fork()
    if pid == 0:
        _work(function, items, share, writer, reader)
    writer.close()  # the copy holds its own: the pipe ends when the copy does
    return _Child(pid, reader, share)


def _work(function: Callable[[Item], bytes], items: Sequence[Item], share: range, connection, parent_end) -> None:
    """In the copy: its share, result by result on the pipe, then out without returning into the parent's code."""
    code = 0
    try:
        parent_end.close()
        for position in share:
            connection.send_bytes(function(items[position]))
    except BaseException:  # noqa: BLE001 - whatever it is, the parent must hear of it, and this copy must end here
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _ready_results(children: list[_Child], wait_for_one: bool) -> Iterator[tuple[int, bytes]]:
    """The results that the workers have sent so far; with wait_for_one, at least one (waiting for it)."""
    from multiprocessing.connection import wait
    timeout = None if wait_for_one else 0
    while waiting := {child.connection: child for child in children if child.expected}:
        ready = wait(list(waiting), timeout)
        if not ready:
            return
        for connection in ready:
            yield waiting[connection].receive()
        timeout = 0
