"""Work shared between forked processes: every result comes back, and a worker that fails is an
error, never a wait."""

import os
import signal
import threading
import time
from collections import Counter

import pytest

from handbook.build import workers
from handbook.build.workers import SharedWork, WorkerFailed, shared_work

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="pas de fork sur ce système")


@pytest.fixture(autouse=True)
def two_processors(monkeypatch):
    monkeypatch.setattr(workers, "usable_cpus", lambda: 2)


@pytest.fixture
def forked(monkeypatch):
    """The workers forked (see workers._Child); forking allowed beside the test session's own
    threads (the browser tests leave asyncio's waitpid thread running), which the workers never
    touch."""
    monkeypatch.setattr(workers, "fork_allowed", lambda: True)
    pids = []
    original = workers._fork
    monkeypatch.setattr(workers, "_fork", lambda *args: pids.append(original(*args)) or pids[-1])
    return pids


def pid_and_square(number: int) -> bytes:
    time.sleep(0.002)  # long enough for every process to take some items from the queue
    return f"{os.getpid()} {number * number}".encode()


def test_every_result_comes_back_once_from_both_processes(forked):
    results = dict(shared_work(pid_and_square, list(range(50)), parallel_from=10))
    assert sorted(results) == list(range(50))
    assert all(data.split()[1] == str(n * n).encode() for n, data in results.items())
    pids = {data.split()[0] for data in results.values()}
    assert pids == {str(os.getpid()).encode(), str(forked[0].pid).encode()}


def test_with_three_processors_two_workers_share_the_queue(forked, monkeypatch):
    monkeypatch.setattr(workers, "usable_cpus", lambda: 3)
    results = dict(shared_work(pid_and_square, list(range(101)), parallel_from=10))
    assert sorted(results) == list(range(101)) and len(forked) == 2
    assert {data.split()[0] for data in results.values()} == {
        str(pid).encode() for pid in (os.getpid(), *(child.pid for child in forked))
    }


def test_big_results_pass_whole_through_the_pipe(forked):
    results = dict(shared_work(lambda n: bytes([n]) * 300_000, list(range(6)), parallel_from=2))
    assert results == {n: bytes([n]) * 300_000 for n in range(6)} and forked


def test_copies_that_do_at_most_n_items_are_replaced_until_all_are_done(forked):
    results = dict(
        shared_work(pid_and_square, list(range(50)), parallel_from=10, each_copy_at_most=10)
    )
    assert sorted(results) == list(range(50))
    assert all(data.split()[1] == str(n * n).encode() for n, data in results.items())
    per_copy = Counter(data.split()[0] for data in results.values())
    assert str(os.getpid()).encode() not in per_copy  # this process keeps its memory as it was
    assert max(per_copy.values()) <= 12  # 10, the last group of 4 taken whole
    assert len(per_copy) >= 5 and len(forked) <= len(per_copy) + 2
    assert_gone(forked)


def test_a_replaced_copy_that_fails_is_an_error_in_the_parent(capfd, forked):
    def fails_in_third_copy(number: int) -> bytes:
        # in a copy, forked lists the copies forked before it: the third sees the first two
        if len(forked) >= 2 and os.getpid() not in {child.pid for child in forked}:
            raise ValueError("panne simulée")
        time.sleep(0.002)
        return b"ok"

    with pytest.raises(WorkerFailed, match="sorti avec le code 1"):
        list(shared_work(fails_in_third_copy, list(range(50)), 10, each_copy_at_most=8))
    assert "panne simulée" in capfd.readouterr().err
    assert_gone(forked)


def test_few_items_are_worked_on_here(forked):
    results = dict(shared_work(pid_and_square, list(range(9)), parallel_from=10))
    assert {data.split()[0] for data in results.values()} == {
        str(os.getpid()).encode()
    } and not forked


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)  # serve runs a watcher thread beside the server
    thread.start()
    try:
        assert not workers.fork_allowed()
        results = dict(shared_work(pid_and_square, list(range(50)), parallel_from=10))
    finally:
        release.set()
        thread.join()
    assert {data.split()[0] for data in results.values()} == {str(os.getpid()).encode()}


def test_a_worker_that_raises_is_an_error_in_the_parent(capfd, forked):
    parent = os.getpid()

    def fails_in_worker(number: int) -> bytes:
        if os.getpid() != parent:
            raise ValueError("panne simulée")
        time.sleep(0.002)
        return b"ok"

    with pytest.raises(WorkerFailed, match="sorti avec le code 1"):
        list(shared_work(fails_in_worker, list(range(50)), parallel_from=10))
    assert "panne simulée" in capfd.readouterr().err
    assert_gone(forked)


def test_a_worker_that_dies_is_an_error_in_the_parent(forked):
    parent = os.getpid()

    def dies_in_worker(number: int) -> bytes:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.002)
        return b"ok"

    with pytest.raises(WorkerFailed, match=f"signal {signal.SIGKILL}"):
        list(shared_work(dies_in_worker, list(range(50)), parallel_from=10))
    assert_gone(forked)


def test_a_failure_in_the_parent_ends_the_workers(forked):
    parent = os.getpid()

    done_here = []

    def fails_in_parent(number: int) -> bytes:
        if os.getpid() == parent:
            done_here.append(number)
            if len(done_here) > 3:
                raise ValueError("panne dans le parent")
        time.sleep(0.002)
        return b"ok"

    with pytest.raises(ValueError, match="panne dans le parent"):
        list(shared_work(fails_in_parent, list(range(50)), parallel_from=10))
    assert_gone(forked)


def assert_gone(children):
    assert children
    for child in children:
        with pytest.raises(
            ChildProcessError
        ):  # ended and waited for: no process left behind, not even a zombie
            os.waitpid(child.pid, os.WNOHANG)


@pytest.mark.parametrize("count", [1, 150, 4001, 100_000])
def test_the_queue_gives_every_position_once_and_fits_in_one_pipe_page(count):
    queue = workers._work_queue(
        count
    )  # written whole before anyone reads: it must fit in the pipe's buffer
    try:
        assert list(workers._taken(queue, count)) == list(range(count))
    finally:
        os.close(queue)
    assert -(-count // workers._group(count)) * workers._NUMBER.size <= 4096


def test_started_work_goes_on_while_this_process_does_something_else(forked):
    def pid_and_time(number: int) -> bytes:
        time.sleep(0.002)
        return f"{os.getpid()} {time.monotonic()}".encode()

    work = SharedWork(pid_and_time, list(range(50)), parallel_from=10)
    time.sleep(0.5)  # this process's own work, as the build makes its templates meanwhile
    asked = time.monotonic()
    results = dict(work)
    assert sorted(results) == list(range(50))
    done_by_the_copy = [data.split() for data in results.values()]
    done_before = [float(moment) for pid, moment in done_by_the_copy if int(pid) == forked[0].pid]
    assert done_before and min(done_before) < asked


def test_work_never_asked_for_leaves_no_process_behind(forked):
    work = SharedWork(pid_and_square, list(range(50)), parallel_from=10)
    work.close()
    assert_gone(forked)
    results = dict(shared_work(pid_and_square, list(range(50)), parallel_from=10))
    assert sorted(results) == list(range(50)) and len(forked) == 2  # sharing is allowed again


def test_a_slow_item_holds_back_no_other_item(forked):
    """Each process takes one item at a time: the one that took a slow item (the feeds) takes no
    other with it, and the other process does the rest meanwhile."""

    def slow_first(number: int) -> bytes:
        time.sleep(1.0 if number == 0 else 0.005)
        return str(os.getpid()).encode()

    results = dict(shared_work(slow_first, list(range(12)), parallel_from=2))
    assert {results[n] for n in range(1, 12)} == {
        str(pid).encode() for pid in {os.getpid(), forked[0].pid}
    } - {results[0]}
