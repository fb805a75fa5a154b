"""Work done by a forked copy of this process while the build goes on.

A forked copy starts with everything this process has in memory (the configuration, the handbook, the
compiled templates), so nothing has to be sent to it; only its result comes back, through a pipe.
Where fork is missing (Windows) or unsafe, callers do the same work themselves.
"""
from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any


def usable_cpus() -> int:
    """Processors this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    """Fork exists, a second processor can run the copy, and no other thread runs: a thread may hold a
    lock (the import lock, a logging lock) at the moment of the fork, and the copy would wait for it forever."""
    return hasattr(os, "fork") and usable_cpus() >= 2 and threading.active_count() == 1


class Forked:
    """function(*arguments), computed by a forked copy of this process from the moment this object is made.

    Call result() to wait for the value, or close() to give it up; one of them must be called, so that
    the copy does not outlive its use.
    """

    def __init__(self, function: Callable[..., Any], *arguments: Any) -> None:
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(read)
            status = 1
            try:
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(function(*arguments), pipe, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                # Never return into the caller's code, nor run its exit handlers. A failure here is met
                # again, and reported, when the caller does the work itself.
                os._exit(status)
        os.close(write)
        self._pipe = os.fdopen(read, "rb")

    def result(self) -> Any:
        """The function's value, or None when the copy failed."""
        try:
            value = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError):
            value = None
        self.close()
        return value

    def close(self) -> None:
        """Give the result up: the copy is stopped if it is still at work."""
        if self._pipe.closed:
            return
        self._pipe.close()
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
