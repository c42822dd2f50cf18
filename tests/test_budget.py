"""The hard-deadline runner (symreg._budget): results, timeouts, errors, no signals."""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import alive

from symreg import _budget, _serve
from symreg.errors import InvalidParameterError
from symreg.proof import clear_caches


def test_a_result_comes_back():
    assert _budget.run(math.factorial, (6,), timeout=60) == ("ok", 720)


@pytest.mark.slow
def test_a_slow_task_is_killed_at_its_deadline():
    started = time.monotonic()
    assert _budget.run(time.sleep, (60,), timeout=0.5) == ("timeout", None)
    assert time.monotonic() - started < 30
    # the next task gets a fresh worker
    assert _budget.run(math.factorial, (3,), timeout=60) == ("ok", 6)


def test_an_exception_becomes_an_error():
    kind, message = _budget.run(math.factorial, (-1,), timeout=60)
    assert kind == "error"
    assert message == "ValueError: factorial() not defined for negative values"


def test_symreg_errors_are_raised_in_the_caller():
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        _budget.run(_budget_check_timeout, (0,), timeout=60)


def test_the_callers_timer_is_left_alone():
    old = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        assert _budget.run(clear_caches, (), timeout=60) == ("ok", None)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 60
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_IGN
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_stop_workers_is_idempotent():
    _budget.stop_workers()
    _budget.stop_workers()
    assert _budget.run(abs, (-2,), timeout=60) == ("ok", 2)


# a module-level task that raises a SymregError
from symreg._answers import check_timeout as _budget_check_timeout  # noqa: E402


def test_a_timeout_beyond_the_longest_wait_is_no_limit():
    # Once an OverflowError: a lock cannot wait 1e10 seconds.
    assert _budget.run(abs, (-3,), timeout=1e10) == ("ok", 3)


# ---------------------------------------------------------------------------
# start: a task that runs while the caller works on


@pytest.mark.slow
def test_a_started_task_runs_beside_the_caller():
    task = _budget.start(time.sleep, (0.3,), timeout=60)
    # the caller is free meanwhile, and its own tasks get another worker
    assert _budget.run(math.factorial, (4,), timeout=60) == ("ok", 24)
    assert task.outcome() == ("ok", None)
    task.stop()  # over already: the outcome stays
    assert task.outcome() == ("ok", None)


@pytest.mark.slow
def test_a_started_task_keeps_its_deadline():
    started = time.monotonic()
    task = _budget.start(time.sleep, (60,), timeout=0.3)
    assert task.outcome() == ("timeout", None)
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_a_started_task_raises_symreg_errors_in_the_caller():
    task = _budget.start(_budget_check_timeout, (0,), timeout=60)
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        task.outcome()
    kind, message = _budget.start(math.factorial, (-1,), timeout=60).outcome()
    assert (kind, message) == ("error", "ValueError: factorial() not defined for negative values")


def test_stopping_a_started_task_kills_its_worker():
    task = _budget.start(time.sleep, (60,), timeout=120)
    deadline = time.monotonic() + 30
    while task._worker is None and time.monotonic() < deadline:  # the task is under way
        time.sleep(0.01)
    worker = task._worker
    assert worker is not None
    started = time.monotonic()
    task.stop()
    assert time.monotonic() - started < 10
    assert worker.proc.poll() is not None  # the process is gone
    assert task.outcome()[0] == "error"
    assert _budget.run(abs, (-5,), timeout=60) == ("ok", 5)  # later tasks get a fresh worker


def test_a_task_that_cannot_be_sent_is_an_error():
    import threading

    lock = threading.Lock()  # cannot be pickled
    assert _budget.run(abs, (lock,), timeout=60) == (
        "error", "worker process failed: cannot pickle '_thread.lock' object")
    assert _budget.start(abs, (lock,), timeout=60).outcome() == (
        "error", "worker process failed: cannot pickle '_thread.lock' object")


def test_a_worker_killed_while_its_task_is_sent_is_an_error(monkeypatch):
    # Pending.stop closes the pipe of the worker; a task being written to it then fails
    # with ValueError. Its thread reports that as the outcome (pytest would flag an
    # exception escaping the thread).
    def closed(stream, obj):
        raise ValueError("write to closed file")

    assert _budget.run(abs, (-1,), timeout=60) == ("ok", 1)  # an idle worker, its module loaded
    monkeypatch.setattr(_budget, "_write_frame", closed)
    assert _budget.start(abs, (-1,), timeout=60).outcome() == (
        "error", "worker process failed: write to closed file")
    monkeypatch.undo()
    assert _budget.run(abs, (-5,), timeout=60) == ("ok", 5)  # later tasks get a fresh worker


def test_here_runs_in_this_process_and_reports_as_a_worker_does():
    import os

    assert _budget.here(os.getpid, ()) == ("ok", os.getpid())
    assert _budget.here(math.factorial, (-1,)) == (
        "error", "ValueError: factorial() not defined for negative values")
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        _budget.here(_budget_check_timeout, (0,))


# ---------------------------------------------------------------------------
# the zygote: replacement workers are forked from a warm template process

needs_zygote = pytest.mark.skipif(not (_budget._zygote.SUPPORTED and os.path.isdir("/proc")),
                                  reason="needs fork, pidfds and /proc")
# Each of these tests starts a zygote of its own (a fresh interpreter): slow.
def _descendants() -> set[int]:
    """The living (not zombie) descendant processes of this one."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _settled(expected: set[int]) -> set[int]:
    """This process's descendants once they have had time to become ``expected``."""
    deadline = time.monotonic() + 10
    while _descendants() != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return _descendants()


_TASKS = """
import os

WARMED = []  # the processes that ran warm_up, as a worker inherits it


def warm_up():
    WARMED.append(os.getpid())


def whereabouts():
    \"\"\"The worker's pid, its parent's, and where the warm-up ran.\"\"\"
    return os.getpid(), os.getppid(), list(WARMED)
"""


@pytest.fixture(scope="module")
def tasks(tmp_path_factory):
    """A module of tasks, light to import, that workers can import."""
    where = tmp_path_factory.mktemp("zygote")
    (where / "zygote_tasks.py").write_text(_TASKS)
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(where))
        patch.setenv("PYTHONPATH", os.pathsep.join(
            [str(where), *filter(None, [os.environ.get("PYTHONPATH")])]))
        yield importlib.import_module("zygote_tasks")
    _budget.stop_workers()


@pytest.fixture
def own_zygote(tasks):
    """A zygote started for the test (one that can import ``tasks``)."""
    _budget.stop_workers()
    yield tasks
    _budget.stop_workers()


def _whereabouts(tasks, *, warm: bool = True) -> tuple[int, int, list[int]]:
    """Run ``tasks.whereabouts`` in a worker (warmed up by ``tasks.warm_up`` unless
    ``warm`` is false): the worker's pid, its parent's, and where the warm-up ran."""
    kind, found = _budget.run(tasks.whereabouts, (), 60,
                              warmup=tasks.warm_up if warm else None)
    assert kind == "ok"
    return found


@needs_zygote
@pytest.mark.slow
def test_a_prepared_template_has_the_module_before_the_first_task_asks(own_zygote):
    # prepare() starts the zygote and has it import a module meanwhile (a thread of this
    # process); the first task of that module is then forked from it, not loaded again.
    _budget.prepare("zygote_tasks")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with _budget._ZYGOTES.lock:
            zygote = _budget._ZYGOTES.zygote
            if zygote is not None and "zygote_tasks" in zygote.loaded:
                break
        time.sleep(0.02)
    assert zygote is not None
    assert "zygote_tasks" in zygote.loaded
    _worker, parent, warmed = _whereabouts(own_zygote, warm=False)
    assert parent == zygote.proc.pid
    assert warmed == []  # nothing was asked to warm it up
    assert _budget._ZYGOTES.zygote is zygote


@needs_zygote
def test_preparing_a_module_that_cannot_be_imported_leaves_the_error_to_the_task(own_zygote):
    _budget.prepare("no_such_module_of_symreg")
    kind, message = _budget.run(importlib.import_module, ("no_such_module_of_symreg",), 60)
    assert kind == "error"
    assert message == "ModuleNotFoundError: No module named 'no_such_module_of_symreg'"


@needs_zygote
@pytest.mark.slow
def test_a_worker_killed_at_its_deadline_is_replaced_by_a_warm_fork(own_zygote):
    first, zygote, warmed = _whereabouts(own_zygote)
    assert zygote not in (os.getpid(), first)
    assert warmed == [zygote]  # warmed up in the zygote, before the worker was forked
    assert _budget.run(time.sleep, (60,), timeout=0.05) == ("timeout", None)
    assert _settled(_descendants() - {first}) == _descendants()
    assert not alive(first)
    # the replacement: a child of the same zygote, the module and its warm-up inherited
    second, parent, warmed = _whereabouts(own_zygote)
    assert (parent, warmed) == (zygote, [zygote])
    assert second != first


@needs_zygote
@pytest.mark.slow
def test_a_forked_worker_is_capped_and_takes_the_callers_environment(own_zygote, tmp_path,
                                                                     monkeypatch):
    where = own_zygote.whereabouts
    assert _budget.run(time.sleep, (60,), timeout=0.05) == ("timeout", None)  # zygote up
    monkeypatch.setenv("SYMREG_TEST_ZYGOTE", "told")
    monkeypatch.chdir(tmp_path)
    assert _budget.run(os.getenv, ("SYMREG_TEST_ZYGOTE",), 60) == ("ok", "told")
    assert _budget.run(os.getcwd, (), 60) == ("ok", str(tmp_path))
    kind, (soft, _hard) = _budget.run(resource.getrlimit, (resource.RLIMIT_AS,), 60)
    assert kind == "ok"
    assert soft != resource.RLIM_INFINITY
    assert soft <= _serve._WORKER_MEMORY
    kind, (_pid, zygote, _warmed) = _budget.run(where, (), 60)
    assert zygote != os.getpid()


@needs_zygote
@pytest.mark.slow
def test_a_killed_zygote_is_replaced_and_its_workers_serve_on(own_zygote):
    where = own_zygote.whereabouts
    worker, zygote, _ = _whereabouts(own_zygote)
    os.kill(zygote, signal.SIGKILL)
    # the idle worker outlives the zygote that forked it
    assert _budget.run(where, (), 60)[1][0] == worker
    assert _budget.run(time.sleep, (60,), timeout=0.05) == ("timeout", None)
    _, parent, warmed = _whereabouts(own_zygote)
    assert parent not in (zygote, os.getpid())
    assert warmed == [parent]


@needs_zygote
@pytest.mark.slow
def test_without_a_working_zygote_workers_are_fresh_interpreters(own_zygote, monkeypatch):
    # a zygote that dies at once, each time: tasks still run, then it is no longer tried
    zygotes = _budget._ZYGOTES
    monkeypatch.setattr(zygotes, "code", "import os; os._exit(({caller} + {fd}) * 0)")
    monkeypatch.setattr(zygotes, "failures", 0)
    for _ in range(zygotes.attempts + 1):
        assert _budget.run(abs, (-1,), 60) == ("ok", 1)
        _budget.stop_workers()
    assert zygotes.failures == zygotes.attempts
    _, parent, warmed = _whereabouts(own_zygote)
    assert parent == os.getpid()
    assert warmed == [_budget.run(os.getpid, (), 60)[1]]  # warmed up in the worker itself


def _waits(monkeypatch) -> list[tuple[float, float]]:
    """Each wait for a worker from now on: the seconds (a task's budget and grace), the grace."""
    waited: list[tuple[float, float]] = []
    wait = _budget._Worker.wait

    def recorded(self, timeout):
        waited.append((timeout, self.grace))
        return wait(self, timeout)

    monkeypatch.setattr(_budget._Worker, "wait", recorded)
    return waited


@needs_zygote
@pytest.mark.slow
def test_a_late_reply_is_waited_for_longer_from_a_fresh_interpreter(own_zygote, monkeypatch):
    # A worker forked from the zygote is cheap to replace: a task that overruns its
    # budget is killed soon after it. A fresh interpreter costs more to replace, so a
    # reply late by a little more is still waited for.
    assert _budget._GRACE_FORKED < _budget._GRACE_FRESH
    waited = _waits(monkeypatch)
    assert _budget.run(time.sleep, (30,), timeout=0.05) == ("timeout", None)
    assert (0.05 + _budget._GRACE_FORKED, _budget._GRACE_FORKED) in waited
    _budget.stop_workers()
    zygotes = _budget._ZYGOTES
    monkeypatch.setattr(zygotes, "failures", zygotes.attempts)  # no zygote: fresh workers
    waited.clear()
    assert _budget.run(time.sleep, (30,), timeout=0.05) == ("timeout", None)
    assert (0.05 + _budget._GRACE_FRESH, _budget._GRACE_FRESH) in waited


@needs_zygote
@pytest.mark.slow
def test_a_module_that_does_not_load_is_reported_and_the_next_task_runs(own_zygote):
    def missing() -> None:
        """A task of a module that is nowhere to be found."""

    missing.__module__ = "symreg._no_such_module"
    assert _budget.run(missing, (), 60) == (
        "error", "worker process failed: the worker process could not import "
        "symreg._no_such_module")
    _, zygote, _ = _whereabouts(own_zygote, warm=False)
    assert zygote != os.getpid()


@needs_zygote
@pytest.mark.slow
def test_no_process_is_left_after_stop_workers(own_zygote):
    where = own_zygote.whereabouts
    before = _descendants()
    running = _budget.start(time.sleep, (60,), timeout=120)
    assert _budget.run(time.sleep, (60,), timeout=0.05) == ("timeout", None)
    assert _budget.run(where, (), 60)[0] == "ok"
    assert len(_descendants() - before) == 3  # the zygote, a busy and an idle worker
    running.stop()
    _budget.stop_workers()
    assert _settled(before) == before


@needs_zygote
@pytest.mark.slow
def test_the_zygote_and_its_workers_die_with_their_caller():
    code = textwrap.dedent("""
        import os, time
        from symreg import _budget
        task = _budget.start(time.sleep, (600,), timeout=600)
        zygote = _budget.run(os.getppid, (), 60)[1]
        while task._worker is None:
            time.sleep(0.01)
        print(zygote, task._worker.proc.pid, _budget._IDLE_WORKERS[-1].proc.pid, flush=True)
        task.outcome()
    """)
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          cwd=Path(__file__).parent.parent) as caller:
        assert caller.stdout is not None
        family = [int(pid) for pid in caller.stdout.readline().split()]
        assert len(set(family)) == 3
        assert all(alive(pid) for pid in family)
        caller.kill()
        caller.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.05)
    assert not any(alive(pid) for pid in family)


@needs_zygote
@pytest.mark.slow
def test_a_caller_with_a_forked_worker_exits_and_leaves_no_process():
    # At exit the workers are stopped by pid, before anything else closes what that needs.
    code = textwrap.dedent("""
        import os, weakref
        from symreg import _budget
        weakref.finalize(os, print)  # registers weakref's exit hook after the budget's
        worker = _budget.run(os.getpid, (), 60)[1]
        print(worker, _budget._ZYGOTES.zygote.proc.pid, flush=True)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).parent.parent, check=True)
    family = [int(pid) for pid in done.stdout.split()]
    assert len(family) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.05)
    assert not any(alive(pid) for pid in family)
