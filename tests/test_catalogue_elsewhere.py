"""Tests of symreg.catalogue._elsewhere: catalogue entries built and verified in a worker."""

from __future__ import annotations

import pytest
import sympy

from symreg import _cache, catalogue, printing
from symreg.catalogue import _built, _elsewhere, registry
from symreg.errors import InvalidParameterError, VerificationError
from symreg.symbols import w

NAME = "worked-example"


@pytest.fixture
def fresh(monkeypatch):
    """No entry built or adopted yet in this process (as in a new one); the cache off."""
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    registry._get.cache_clear()
    registry._ADOPTED.clear()
    registry._BUILT.clear()
    yield
    registry._get.cache_clear()
    registry._ADOPTED.clear()
    registry._BUILT.clear()


@pytest.fixture
def cache(tmp_path, monkeypatch, fresh):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)


class _Stub:
    """A task whose outcome is given (a worker that answered so)."""

    def __init__(self, outcome):
        self._outcome = outcome
        self.stopped = False

    def outcome(self):
        if isinstance(self._outcome, Exception):
            raise self._outcome
        return self._outcome

    def stop(self):
        self.stopped = True


def _answering(monkeypatch, outcome):
    stub = _Stub(outcome)
    monkeypatch.setattr(_elsewhere._budget, "start", lambda *args, **kwargs: stub)
    return stub


def test_an_entry_built_in_a_worker_is_the_one_built_here(fresh):
    before = _cache.stats().events_of("derivations verified by workers")
    building = _elsewhere.start([NAME])
    assert building is not None
    assert building.adopt() == 1
    assert _cache.stats().events_of("derivations verified by workers") == before + 1
    adopted = catalogue.get(NAME)
    registry._get.cache_clear()
    entry = registry.entry(NAME)
    here = entry.build(entry.title).verify()
    assert adopted is not here
    assert adopted.verified
    assert _built._same(adopted, here)
    assert adopted.witness == here.witness
    assert adopted.latex() == here.latex()
    assert adopted.markdown() == here.markdown()


def test_the_worker_builds_under_the_callers_notation(fresh):
    # A reason of the MAP entry prints mathematics, in the reader's notation: the
    # adopted reasons still hold their objects, shown in the notation in force.
    with printing.notation({w: r"\beta"}):
        building = _elsewhere.start(["map"])
        assert building is not None
        assert building.adopt() == 1
        key = _built.notation_key()
        assert ("map", key) in registry._ADOPTED
        adopted = catalogue.get("map")
        assert ("map", key) not in registry._ADOPTED  # taken by get
        entry = registry.entry("map")
        here = entry.build(entry.title).verify()
    reasons = [s.reason for s in adopted.steps]
    assert reasons == [s.reason for s in here.steps]
    with printing.notation({w: r"\beta"}):
        assert any(r"{\beta}_{j}" in printing.shown(reason) for reason in reasons)
    assert _built._same(adopted, here)
    # Under another notation the entry is built here, not taken.
    assert registry._get("map", ()) is not adopted


def test_entries_the_cache_holds_are_taken_from_it_without_a_worker(cache, monkeypatch):
    catalogue.get(NAME)  # built, verified and kept
    registry._get.cache_clear()
    registry._BUILT.clear()  # as in a new process
    _answering(monkeypatch, AssertionError("no worker should be started"))
    taken = _cache.stats().events_of("derivations taken")
    assert _elsewhere.start([NAME]) is None
    assert _cache.stats().events_of("derivations taken") == taken + 1
    assert catalogue.get(NAME).verified


def test_entries_built_here_already_are_not_built_again(fresh, monkeypatch):
    catalogue.get(NAME)
    _answering(monkeypatch, AssertionError("no worker should be started"))
    assert _elsewhere.start([NAME]) is None
    with printing.notation({w: r"\beta"}):  # under another notation it is another entry
        stub = _answering(monkeypatch, ("ok", ((), [])))
        building = _elsewhere.start([NAME])
        assert building is not None
        assert building.task is stub


def test_an_unknown_entry_is_refused_before_any_worker_starts(fresh, monkeypatch):
    _answering(monkeypatch, AssertionError("no worker should be started"))
    with pytest.raises(InvalidParameterError, match=r"^unknown derivation 'nope'; known: "):
        _elsewhere.start([NAME, "nope"])


def test_a_step_that_fails_in_the_worker_stops_the_caller_with_the_step_named(
        fresh, monkeypatch):
    failure = VerificationError("derivation 'worked-example' (A title), chain 1, step 1 "
                                "(expand): false at w = 0")
    _answering(monkeypatch, failure)
    building = _elsewhere.start([NAME])
    assert building is not None
    with pytest.raises(VerificationError, match=r"^derivation 'worked-example' \(A title\), "
                                                r"chain 1, step 1 \(expand\): false at w = 0$"):
        building.adopt()


@pytest.mark.parametrize("outcome", [("error", "RuntimeError: boom"), ("timeout", None),
                                     ("ok", (((NAME, None),), [])),
                                     ("ok", (((NAME, {"name": NAME, "chains": "garbled"}),),
                                             []))],
                         ids=["error", "timeout", "not faithful", "malformed"])
def test_entries_that_do_not_come_back_are_built_here(fresh, monkeypatch, outcome):
    _answering(monkeypatch, outcome)
    building = _elsewhere.start([NAME])
    assert building is not None
    assert building.adopt() == 0
    assert not registry._ADOPTED
    assert catalogue.get(NAME).verified  # built here


def test_data_of_another_entry_is_not_taken_for_this_one(fresh, monkeypatch):
    entry = registry.entry("value-crossover")
    other = _built.faithful(entry.build(entry.title).verify())
    assert other is not None
    _answering(monkeypatch, ("ok", (((NAME, other),), [])))
    building = _elsewhere.start([NAME])
    assert building is not None
    assert building.adopt() == 0


def test_stopping_ends_the_workers_task(fresh, monkeypatch):
    stub = _answering(monkeypatch, ("ok", ((), [])))
    building = _elsewhere.start([NAME])
    assert building is not None
    building.stop()
    assert stub.stopped


def test_the_task_sends_faithful_data_of_verified_entries():
    found, proxes = _elsewhere.build([NAME, "value-crossover"], {}, False, None)
    assert [name for name, _ in found] == [NAME, "value-crossover"]
    for name, data in found:
        derivation = _built.received(data, name)
        assert derivation is not None
        assert derivation.verified
    crossing = _built.received(found[1][1], "value-crossover")
    assert crossing is not None
    points = crossing.results["l2"]
    assert isinstance(points, sympy.FiniteSet)
    assert sympy.simplify(sum(points.args) - 1) == 0  # the crossover at w = 1
    assert isinstance(proxes, list)


def test_the_proxes_derived_in_the_worker_are_taken_too(fresh, monkeypatch):
    # The elastic net's prox, derived for the Lp-family entry, serves the listings here.
    from symreg import prox
    from symreg.penalties import ElasticNet

    monkeypatch.setattr(prox, "_MADE", {})  # none derived here yet
    prox._derive.cache_clear()
    building = _elsewhere.start(["lp-family"])
    assert building is not None
    assert building.adopt() == 1
    made = [d for key, d in prox._MADE.items() if key[1] == "ElasticNet"]
    assert made
    assert all(d.verified for d in made)
    with prox.in_this_process():
        derivation = ElasticNet().prox_derivation()
    assert any(derivation is d for d in made)  # taken, not derived again
    prox._derive.cache_clear()


def test_an_adopted_entry_whose_verification_was_forgotten_is_built_here(fresh):
    # A process that clears its record of verified derivations (to measure from
    # scratch) does not take an entry adopted before as verified.
    from symreg.derivation import _derivation

    building = _elsewhere.start([NAME])
    assert building is not None
    assert building.adopt() == 1
    adopted = registry._ADOPTED[(NAME, ())]
    kept = dict(_derivation._VERIFIED)
    _derivation._VERIFIED.clear()
    try:
        got = catalogue.get(NAME)
        assert got is not adopted
        assert got.verified
    finally:
        _derivation._VERIFIED.update(kept)


def test_the_warm_up_loads_what_sympy_loads_on_first_use():
    import sys

    _elsewhere.warm()
    assert {"sympy.physics.units", "sympy.tensor.tensor"} <= set(sys.modules)
