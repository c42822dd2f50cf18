"""Tests of symreg.grade and the ``symreg grade`` command."""

from __future__ import annotations

import io
import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symreg import _budget
from symreg.cli import main
from symreg.errors import InvalidParameterError
from symreg.grade import Graded, Unreadable, grade, iter_grade, read_jsonl

# Generous budgets for the checks that must be decided: the machine may be
# shared, and a verdict must not depend on its load.
BUDGET = 60.0
# An answer whose reading alone takes minutes (nested square roots of negative
# numbers): only a budget that covers reading stops it.
SLOW_TO_READ = "sqrt(1-" * 9 + "2" + ")" * 9


def _descendants(pid: int) -> set[int]:
    """The living descendant processes of ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] == "Z":
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _rss_kib(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _settle(baseline: set[int], limit: float = 10.0) -> set[int]:
    """The descendants beyond ``baseline`` once stopped workers have had time to exit
    (a checker worker notices that its parent died within half a second)."""
    deadline = time.monotonic() + limit
    left = _descendants(os.getpid()) - baseline
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = _descendants(os.getpid()) - baseline
    return left


def _baseline() -> set[int]:
    """This process's long-lived helpers (such as a process pool's fork server), after
    the checker's workers are stopped."""
    _budget.stop_workers()
    time.sleep(1.5)
    return _descendants(os.getpid())


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def pool():
    with ThreadPoolExecutor(2) as executor:
        yield executor


# ---------------------------------------------------------------------------
# verdicts, order, invalid items


@pytest.mark.slow
def test_verdicts_come_back_in_input_order(pool):
    items = [
        {"id": "a", "answer": "sqrt(w^2)", "expected": "|w|"},
        {"id": "b", "answer": "sqrt(w^2)", "expected": "w"},
        {"id": "c", "answer": "z/(1 + 2 eta lam)", "expected": "z/(1 + eta lam)"},
        {"id": "d", "answer": 0.5, "expected": "1/2"},
        {"id": "e", "answer": r"\frac{x}{2}", "expected": "x/2", "answer_latex": True,
         "symbols": "x: real"},
        {"id": "f", "answer": "-a", "expected": "-1*a", "symbols": {"a": "positive"}},
    ]
    graded = grade(items, executor=pool, timeout=BUDGET)
    assert [g.id for g in graded] == ["a", "b", "c", "d", "e", "f"]
    assert [g.index for g in graded] == list(range(6))
    assert [g.status for g in graded] == ["equivalent", "different", "different",
                                          "equivalent", "equivalent", "equivalent"]
    assert graded[1].counterexample == {"w": "-1"}
    assert graded[1].reason == "a counterexample proves it"
    assert "other L2 convention" in graded[2].hint
    assert all(g.time >= 0 for g in graded)


@pytest.mark.slow
def test_the_order_holds_when_later_items_finish_first(pool):
    """A slow first item does not reorder the batch (the second finishes first).

    The first item is not decided within any budget a test can afford, so it runs
    until its budget ends (a short one: the second item takes milliseconds).
    """
    items = [{"id": 1, "answer": "exp(-" * 20 + "w" + ")" * 20, "expected": "1"},
             {"id": 2, "answer": "w", "expected": "w"}]
    graded = grade(items, executor=pool, timeout=1)
    assert [g.id for g in graded] == [1, 2]
    assert graded[0].status == "undecided"
    assert graded[1].status == "equivalent"


@pytest.mark.parametrize(("item", "reason"), [
    ("w", r"^an item must be a mapping with answer and expected, got str$"),
    ({"answer": "w"}, r"^missing key 'expected'$"),
    ({"answer": "w", "expected": "w", "latx": True},
     r"^unknown key 'latx' \(known: id, answer, expected, latex, answer_latex, "
     r"expected_latex, symbols, hints\)$"),
    ({"answer": ["w"], "expected": "w"}, r"^answer must be text or a number, got list$"),
    ({"answer": True, "expected": "w"}, r"^answer must be text or a number, got bool$"),
    ({"answer": "w", "expected": "w", "latex": "yes"}, r"^latex must be true or false$"),
    ({"answer": "w", "expected": "w", "symbols": 3},
     r"^symbols must be a spec such as 'x y: real' or a mapping$"),
    ({"answer": "2 +* w", "expected": "w"}, r"^answer: unexpected '\*' at position 3$"),
    ({"answer": "w", "expected": "foo(w)"}, r"^expected: unknown name 'foo' at position 0$"),
    ({"answer": r"\input{x}", "expected": "w", "latex": True},
     r"^answer: forbidden TeX command '\\input' at position 0$"),
    ({"answer": "w", "expected": "w", "symbols": "x: complex"},
     r"^symbols: unknown assumption 'complex' for x \(known: integer, negative, nonnegative, "
     r"positive, real\)$"),
    ({"answer": float("nan"), "expected": "w"}, r"^answer must be finite, got nan$"),
    ({"answer": "sqrt(-2)", "expected": "1"},
     r"^answer is not a real expression: sqrt\(2\)\*I$"),
    (Unreadable("not JSON: oops"), r"^not JSON: oops$"),
])
def test_a_bad_item_is_invalid_not_an_error(pool, item, reason):
    [graded] = grade([item], executor=pool, timeout=BUDGET)
    assert graded.status == "invalid"
    assert graded.counterexample == {}
    import re

    assert re.match(reason, graded.reason), graded.reason


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"timeout": 0}, r"^timeout must be a positive finite number of seconds, got 0$"),
    ({"timeout": float("inf")},
     r"^timeout must be a positive finite number of seconds, got inf$"),
    ({"timeout": "5"}, r"^timeout must be a positive finite number of seconds, got '5'$"),
    ({"workers": 0}, r"^workers must be a positive integer, got 0$"),
    ({"workers": 1, "executor": ThreadPoolExecutor(1)}, r"^give workers or executor, not both$"),
    ({"executor": object()},
     r"^executor must be a concurrent.futures.Executor, got object$"),
    ({"window": 0}, r"^window must be a positive integer, got 0$"),
])
def test_bad_options_are_refused(kwargs, message):
    with pytest.raises(InvalidParameterError, match=message):
        grade([{"answer": "w", "expected": "w"}], **kwargs)
    executor = kwargs.get("executor")
    if isinstance(executor, ThreadPoolExecutor):
        executor.shutdown()


def test_read_jsonl_keeps_one_entry_per_line():
    lines = ['{"id": 1, "answer": "w", "expected": "w"}', "", "[1, 2", "  ",
             '"just text"', "[" * 100_000 + "]" * 100_000]
    got = list(read_jsonl(lines))
    assert got[0] == {"id": 1, "answer": "w", "expected": "w"}
    assert got[1] == Unreadable("empty line")
    assert isinstance(got[2], Unreadable)
    assert got[2].reason.startswith("not JSON: ")
    assert got[3] == Unreadable("empty line")
    assert got[4] == "just text"
    assert got[5] == Unreadable("not JSON: RecursionError")


def test_as_json_has_the_promised_keys():
    graded = Graded(3, "q", "different", "a counterexample proves it", {"w": "-1"}, "hint",
                    "", 0.12345)
    assert graded.as_json() == {"id": "q", "status": "different",
                                "reason": "a counterexample proves it",
                                "counterexample": {"w": "-1"}, "hint": "hint", "time": 0.123}
    with_caveat = Graded(0, None, "equivalent", "proved", caveat="undefined at w = -1")
    assert with_caveat.as_json()["caveat"] == "undefined at w = -1"


@pytest.mark.slow
def test_iter_grade_is_lazy(pool):
    """Items are read as they are needed: an endless stream yields its first verdicts."""
    def endless():
        n = 0
        while True:
            n += 1
            yield {"id": n, "answer": f"{n} w", "expected": f"w {n}"}

    stream = iter_grade(endless(), executor=pool, timeout=BUDGET, window=4)
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert [(g.id, g.status) for g in first] == [(1, "equivalent"), (2, "equivalent"),
                                                  (3, "equivalent")]


def test_progress_is_called_after_each_item(pool):
    seen: list[int] = []
    grade([{"answer": "w", "expected": "w"}] * 3, executor=pool, timeout=BUDGET,
          progress=seen.append)
    assert seen == [1, 2, 3]


# ---------------------------------------------------------------------------
# budgets, workers, executors


@pytest.mark.slow
def test_an_item_slow_to_read_is_undecided_within_its_budget(pool):
    """Reading counts against the budget; the worker that overran is replaced, and
    no worker outlives the batch."""
    baseline = _baseline()
    started = time.monotonic()
    slow, after = grade([{"id": "slow", "answer": SLOW_TO_READ, "expected": "1"},
                         {"id": "after", "answer": "|w|^2", "expected": "w^2"}],
                        executor=ThreadPoolExecutor(1), timeout=1)
    assert slow.status == "undecided"
    assert slow.reason == "time budget of 1 s exhausted"
    assert slow.time == 1
    # the next item, on a fresh worker, is decided
    assert after.status == "equivalent"
    # (worker start-up is outside the budget; the bound only guards against a hang)
    assert time.monotonic() - started < 120
    _budget.stop_workers()
    assert _settle(baseline) == set()


def test_no_signal_handler_is_installed(pool):
    before = signal.getsignal(signal.SIGALRM)
    grade([{"answer": "w", "expected": "w"}], executor=pool, timeout=BUDGET)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.slow
def test_the_default_executor_is_a_process_pool():
    graded = grade([{"id": i, "answer": f"{i} w", "expected": f"w + {i - 1} w"}
                    for i in range(1, 5)], workers=2, timeout=BUDGET)
    assert [(g.id, g.status) for g in graded] == [(i, "equivalent") for i in range(1, 5)]


@pytest.mark.slow
def test_a_batch_runs_on_a_dask_cluster():
    """The same call on a cluster's executor (a local one, threads in this process)."""
    distributed = pytest.importorskip("distributed")
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:
        executor = client.get_executor()
        items = [{"id": "a", "answer": "sign(z) max(|z| - lam, 0)",
                  "expected": "z - max(-lam, min(z, lam))"},
                 {"id": "b", "answer": "sqrt(w^2)", "expected": "w"},
                 {"id": "c", "answer": "w +", "expected": "w"}]
        graded = grade(items, executor=executor, timeout=BUDGET)
    assert [(g.id, g.status) for g in graded] == [("a", "equivalent"), ("b", "different"),
                                                  ("c", "invalid")]
    assert graded[1].counterexample == {"w": "-1"}


def _leak_check(count: int) -> None:
    """``count`` checks after a warm-up: the workers do not multiply, their memory
    settles, and none is left once they are stopped."""
    baseline = _baseline()
    items = [{"id": i, "answer": f"{i % 17} |w - {i % 5}| + w^2",
              "expected": f"w^2 + {i % 17} sqrt((w - {i % 5})^2)"} for i in range(count)]
    with ThreadPoolExecutor(2) as executor:
        warm = grade(items[: count // 5], executor=executor, timeout=BUDGET)
        workers_warm = _descendants(os.getpid()) - baseline
        rss_warm = _rss_kib(workers_warm)
        rest = grade(items[count // 5:], executor=executor, timeout=BUDGET)
        workers_after = _descendants(os.getpid()) - baseline
        rss_after = _rss_kib(workers_after)
    assert {g.status for g in warm + rest} == {"equivalent"}
    # one checker worker per thread (the checker reads and decides in the same one),
    # besides the zygote that forks them where there is one
    zygote = _budget._ZYGOTES.zygote
    assert len(workers_after - {zygote.proc.pid if zygote else 0}) <= 2
    # caches are bounded: memory after four times as many checks grows little
    assert rss_after <= rss_warm * 1.25 + 20_000, (rss_warm, rss_after)
    _budget.stop_workers()
    assert _settle(baseline) == set()


@pytest.mark.slow
@needs_proc
def test_no_processes_or_memory_leak_over_many_checks():
    _leak_check(250)


@needs_proc
@pytest.mark.slow
def test_no_processes_or_memory_leak_over_5000_checks():
    _leak_check(5000)


# ---------------------------------------------------------------------------
# the command line


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                            for r in rows), encoding="utf-8")
    return path


@pytest.mark.slow
def test_cli_writes_one_verdict_per_line(tmp_path, capsys):
    answers = _jsonl(tmp_path / "answers.jsonl", [
        {"id": "q1", "answer": "sqrt(w^2)", "expected": "|w|"},
        {"id": "q2", "answer": "sqrt(w^2)", "expected": "w"},
    ])
    out = tmp_path / "out.jsonl"
    code = main(["grade", str(answers), "-o", str(out), "--timeout", str(BUDGET),
                 "--workers", "1"])
    assert code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["id"], r["status"]) for r in rows] == [
        (1, "q1", "equivalent"), (2, "q2", "different")]
    assert rows[1]["counterexample"] == {"w": "-1"}
    assert set(rows[0]) == {"line", "id", "status", "reason", "counterexample", "hint", "time"}
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""  # no progress when stderr is not a terminal


@pytest.mark.slow
def test_cli_reports_bad_lines_and_exits_1(tmp_path, capsys):
    answers = _jsonl(tmp_path / "answers.jsonl", [
        {"id": 1, "answer": "w", "expected": "w"}, "{oops", "",
        {"id": 4, "answer": "w +", "expected": "w"},
    ])
    code = main(["grade", str(answers), "--timeout", str(BUDGET), "--workers", "1"])
    assert code == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["line"], r["status"]) for r in rows] == [
        (1, "equivalent"), (2, "invalid"), (3, "invalid"), (4, "invalid")]
    assert rows[1]["reason"] == ("not JSON: Expecting property name enclosed in double "
                                 "quotes at column 2")
    assert rows[2]["reason"] == "empty line"
    assert rows[3]["reason"] == "answer: unexpected end of input at position 3"


@pytest.mark.slow
def test_cli_shows_progress_on_a_terminal(tmp_path, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    answers = _jsonl(tmp_path / "a.jsonl", [{"answer": "w", "expected": "w"}] * 2)
    assert main(["grade", str(answers), "--timeout", str(BUDGET), "--workers", "1"]) == 0
    assert terminal.getvalue() == "\rgraded 1/2\rgraded 2/2\n"
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.slow
def test_cli_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"answer": "w", "expected": "w"}\n'))
    assert main(["grade", "-", "--timeout", str(BUDGET), "--workers", "1"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["status"] == "equivalent"


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "0"], r"^error: --timeout must be a positive finite number of seconds, "
                         r"got 0.0$"),
    (["--timeout", "nan"], r"^error: --timeout must be a positive finite number of "
                           r"seconds, got nan$"),
    (["--workers", "0"], r"^error: --workers must be a positive integer, got 0$"),
])
def test_cli_usage_errors_exit_2(tmp_path, capsys, args, message):
    answers = _jsonl(tmp_path / "a.jsonl", [{"answer": "w", "expected": "w"}])
    assert main(["grade", str(answers), *args]) == 2
    import re

    err = capsys.readouterr().err.strip()
    assert re.match(message, err), err


def test_cli_missing_file_exits_2(tmp_path, capsys):
    missing = tmp_path / "missing.jsonl"
    assert main(["grade", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: cannot open {missing}: No such file or directory")
