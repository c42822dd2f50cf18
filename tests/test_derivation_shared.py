"""Tests of symreg.derivation._shared: a derivation's links proved by this process and a fork."""

from __future__ import annotations

import os
import threading
import time

import pytest
import sympy

from symreg.derivation import Derivation, Step, _shared, in_two_processes, verified_together
from symreg.errors import VerificationError
from symreg.proof import Proof
from symreg.symbols import lam, w


@pytest.fixture(autouse=True)
def _own_memos(monkeypatch):
    """A batch that fails here forgets only the memos its test made (see forget_results):
    the package's own stay warm for the other tests of the process."""
    from symreg import _memo

    monkeypatch.setattr(_memo, "_CLEARS", [])


@pytest.fixture
def forkable(monkeypatch):
    """As in a command's process: one thread, two cores (pytest's workers run more threads)."""
    monkeypatch.setattr(_shared, "_alone", lambda: True)
    monkeypatch.setattr(_shared._budget, "cores", lambda: 2)


def _whose(link: int) -> Proof:
    time.sleep(0.02)  # long enough for the fork to start on the last links
    return Proof(status="proved", method=str(link), reason=str(os.getpid()))


def test_both_processes_prove_links_and_every_outcome_comes_back_in_order(forkable):
    links = list(range(12))
    with in_two_processes():
        found = _shared.outcomes(links, _whose)
    assert found is not None
    assert [int(p.method) for p in found] == links
    here = str(os.getpid())
    assert {p.reason for p in found} - {here}  # some were proved by the fork
    assert found[0].reason == here            # this process starts from the first


def test_what_the_fork_leaves_undone_is_proved_here(forkable):
    parent = os.getpid()

    def dies_in_the_fork(link: int) -> Proof:
        if os.getpid() != parent:
            os._exit(3)
        return _whose(link)

    with in_two_processes():
        found = _shared.outcomes(list(range(8)), dies_in_the_fork)
    assert found is not None
    assert [p.reason for p in found] == [str(parent)] * 8


def test_nothing_is_forked_outside_the_block_for_few_links_or_beside_threads(monkeypatch):
    monkeypatch.setattr(_shared._budget, "cores", lambda: 2)
    assert _shared.outcomes(list(range(12)), _whose) is None
    with in_two_processes():
        assert _shared.outcomes(list(range(_shared.MIN_LINKS - 1)), _whose) is None
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            assert _shared.outcomes(list(range(12)), _whose) is None
        finally:
            stop.set()
            other.join()


def _steps(false_at: int | None) -> tuple[Step, ...]:
    steps = []
    for k in range(1, 9):
        rhs = (k + 1) * lam * w if k == false_at else k * lam * w
        steps.append(Step(k * lam * sympy.Abs(w), rhs, where=w >= 0,
                          reason=f"for w >= 0, link {k}"))
    return tuple(steps)


@pytest.mark.parametrize("false_at", [2, 7])
def test_verify_names_the_same_first_false_link_as_alone(forkable, false_at):
    def derivation() -> Derivation:
        return Derivation(name="shared", title="Links", steps=_steps(false_at))

    with pytest.raises(VerificationError) as alone:
        derivation().verify()
    with in_two_processes(), pytest.raises(VerificationError) as shared:
        derivation().verify()
    assert str(shared.value) == str(alone.value)
    assert f"step 1 (for w >= 0, link {false_at})" in str(alone.value)


def test_a_derivation_proved_by_two_processes_is_verified(forkable):
    derivation = Derivation(name="shared-true", title="Links", steps=_steps(None))
    with in_two_processes():
        assert derivation.verify() is derivation
    # the fork's outcomes are recorded here as decided
    assert all(derivation._checked(step).known() is not None for step in _steps(None))


# ---------------------------------------------------------------------------
# verified_together: the derivations of a block verified at its end, together


def _named(name: str, false_at: int | None) -> Derivation:
    return Derivation(name=name, title="Links", steps=_steps(false_at))


@pytest.fixture
def undecided(monkeypatch):
    """No link decided earlier (the memo of decided links is cleared, the on-disk cache off).

    (Verified derivations stay verified: the memoised results that hold them, a
    descent's, say, are not built again.)
    """
    from symreg.derivation._step import _OUTCOMES
    from symreg.proof import clear_caches

    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    _OUTCOMES.clear()
    clear_caches()


def test_a_batch_verifies_at_its_end_and_proves_each_shared_link_once(forkable, monkeypatch,
                                                                      undecided):
    asked: list[list[Step]] = []
    real = _shared.outcomes

    def recorded(links, prove):
        asked.append(list(links))
        return real(links, prove)

    monkeypatch.setattr(_shared, "outcomes", recorded)
    first, second = _named("once-first", None), _named("once-second", None)  # the same links
    with in_two_processes(), verified_together():
        assert first.verify() is first
        assert second.verify() is second
        assert not first.verified  # not yet: at the end of the block
        assert not second.verified
    assert first.verified
    assert second.verified
    assert len(asked) == 1  # one fork for both derivations
    assert len(asked[0]) == len(set(asked[0])) == len(_steps(None))


def _in_turn(*derivations: Derivation) -> None:
    for derivation in derivations:
        derivation.verify()


def _together(*derivations: Derivation, then: BaseException | None = None) -> None:
    with in_two_processes(), verified_together():
        _in_turn(*derivations)
        if then is not None:
            raise then


@pytest.mark.parametrize(("first_false", "second_false"), [(3, 6), (None, 6), (7, None)])
def test_a_batch_names_the_false_link_that_verifying_in_turn_names(forkable, first_false,
                                                                     second_false):
    with pytest.raises(VerificationError) as in_turn:
        _in_turn(_named("first", first_false), _named("second", second_false))
    with pytest.raises(VerificationError) as together:
        _together(_named("first", first_false), _named("second", second_false))
    assert str(together.value) == str(in_turn.value)


def test_a_block_left_by_an_error_reports_a_false_link_recorded_before_it(forkable):
    with pytest.raises(VerificationError, match=r"^derivation 'first'") as err:
        _together(_named("first", 4), then=RuntimeError("built on a false link"))
    assert isinstance(err.value.__context__, RuntimeError)
    true = _named("true-before", None)
    with pytest.raises(RuntimeError, match=r"^built on a true one$"):
        _together(true, then=RuntimeError("built on a true one"))
    assert true.verified


def test_outside_two_processes_a_batch_verifies_at_once():
    derivation = _named("at-once", None)
    with verified_together():
        derivation.verify()
        assert derivation.verified


def test_the_witness_of_a_recorded_derivation_is_found_at_once(forkable):
    derivation = _named("witnessed", None)
    with in_two_processes(), verified_together():
        derivation.verify()
        assert not derivation.verified
        assert derivation.witness == ()  # no hypotheses
        assert derivation.verified


def test_a_recorded_derivation_may_be_quoted_before_it_is_verified(forkable):
    from symreg.derivation._proofcache import vouch

    derivation = _named("quoted", None)
    with in_two_processes(), verified_together():
        derivation.verify()
        vouch(derivation)  # its links are proved with the batch: nothing to record yet
    assert derivation.verified
    with pytest.raises(ValueError, match=r"^derivation 'never' is not verified$"):
        vouch(_named("never", None))


def test_an_interrupted_batch_verifies_nothing(forkable):
    derivation = _named("interrupted", None)
    with pytest.raises(KeyboardInterrupt):
        _together(derivation, then=KeyboardInterrupt())
    assert not derivation.verified


def test_a_batch_that_fails_leaves_no_memoised_result_unverified(forkable):
    from symreg._memo import memo_values

    @memo_values()
    def derived(false_at: int) -> Derivation:
        return _named(f"memoised-{false_at}", false_at).verify()

    def in_a_batch() -> None:
        with in_two_processes(), verified_together():
            derived(5)  # recorded; its false link is found at the end of the block

    with pytest.raises(VerificationError, match=r"^derivation 'memoised-5'"):
        in_a_batch()
    # the memo forgot it: asked again, outside a batch, it is verified at once and fails
    with pytest.raises(VerificationError, match=r"^derivation 'memoised-5'"):
        derived(5)
