"""Work done in a forked copy of the process: its result comes back, its failures and its end are handled."""
from __future__ import annotations

import os
import threading
import time

import pytest

from handbook import forks

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def where_and_what(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def fails() -> None:
    raise ValueError("échec voulu")


def ended(pid: int) -> bool:
    """True when the process pid was reaped (it is no child of ours any more)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_value_is_computed_by_another_process_and_comes_back():
    work = forks.Forked(where_and_what, 21)
    pid, value = work.result()
    assert value == 42
    assert pid == work._pid != os.getpid()
    assert ended(work._pid)


def test_a_large_value_comes_back_whole():
    value = forks.Forked(bytes, 5_000_000).result()  # far more than a pipe holds at once
    assert value == bytes(5_000_000)


def test_a_failure_gives_none_without_printing_anything(capfd):
    work = forks.Forked(fails)
    assert work.result() is None
    assert ended(work._pid)
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize("work", [(bytes, 5_000_000), (time.sleep, 30)], ids=["writing", "working"])
def test_a_copy_whose_result_is_not_wanted_is_stopped_when_closed(work):
    started = time.monotonic()
    copy = forks.Forked(*work)  # blocked writing into the full pipe, or still at work
    copy.close()
    assert ended(copy._pid) and time.monotonic() - started < 10
    copy.close()  # closing twice is harmless


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forks.can_fork()
    finally:
        release.set()
        thread.join()


def test_usable_cpus_counts_those_this_process_may_use():
    assert 1 <= forks.usable_cpus() <= (os.cpu_count() or 1)
