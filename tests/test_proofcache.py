"""verify() and the on-disk cache of proved links (symreg.derivation._proofcache)."""

from __future__ import annotations

import json

import pytest
import sympy

from symreg import _cache
from symreg.derivation import _MEMOS, Derivation, Step, _proofcache
from symreg.errors import VerificationError
from symreg.proof import Proof
from symreg.symbols import eta, lam, w


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def calls(monkeypatch):
    """Count the links the prover decides (Step.check), forgetting what this process knows."""
    saved = [dict(memo) for memo in _MEMOS]
    for memo in _MEMOS:
        memo.clear()
    decided: list[Step] = []
    original = Step.check

    def check(self, *, timeout=None):
        decided.append(self)
        return original(self, timeout=timeout)

    monkeypatch.setattr(Step, "check", check)
    yield decided
    for memo, before in zip(_MEMOS, saved, strict=True):
        memo.clear()
        memo.update(before)


def _forget() -> None:
    for memo in _MEMOS:
        memo.clear()


SQUARE = Step(sympy.Pow(sympy.Abs(w), 2, evaluate=False), w**2, reason="w is real")
SHRINK = Step(w / (1 + eta * lam), w, reason="shrinks", relation="le", where=w >= 0)


def _derivation(*steps: Step, hypotheses=sympy.true) -> Derivation:
    return Derivation(name="cached", title="Cached", steps=steps, hypotheses=hypotheses)


def test_a_second_run_takes_every_proved_link_from_the_cache(cache, calls):
    _derivation(SQUARE, SHRINK).verify()
    assert len(calls) == 2
    _forget()
    before = _proofcache.counts()
    _derivation(SQUARE, SHRINK).verify()
    assert len(calls) == 2  # nothing decided again
    after = _proofcache.counts()
    assert after["cached"] - before["cached"] == 2
    assert after["proved"] == before["proved"]


def test_a_link_only_looked_up_is_not_counted_as_taken(cache, calls):
    _derivation(SQUARE).verify()
    before = _proofcache.counts()
    assert _proofcache.taken(SQUARE, counted=False) is not None
    assert _proofcache.counts() == before
    assert _proofcache.taken(SQUARE) is not None
    assert _proofcache.counts()["cached"] == before["cached"] + 1


def test_the_key_holds_the_hypotheses_and_the_assumptions(cache, calls):
    _derivation(SHRINK).verify()
    _forget()
    _derivation(SHRINK, hypotheses=w <= 5).verify()
    assert len(calls) == 2  # another region: decided again
    # The same names with other assumptions are another claim.
    v = sympy.Symbol("w", positive=True)
    assert _proofcache.step_key(SQUARE) != _proofcache.step_key(
        Step(sympy.Pow(sympy.Abs(v), 2, evaluate=False), v**2, reason="w is real"))
    assert "positive" in _proofcache.step_key(Step(v, v + 1, reason="r", relation="lt"))[-1]


def test_an_edited_entry_is_not_trusted_and_the_link_is_proved_again(cache, calls):
    _derivation(SQUARE).verify()
    path = _proofcache._STORE.path(_proofcache.step_key(SQUARE))
    entry = json.loads(path.read_bytes())
    entry["content"]["method"] = "trust me"
    path.write_text(json.dumps(entry), encoding="utf-8")
    _forget()
    rejected = _cache.stats().rejected
    _derivation(SQUARE).verify()
    assert len(calls) == 2
    assert _cache.stats().rejected == rejected + 1
    assert json.loads(path.read_bytes())["content"]["method"] != "trust me"  # replaced
    _forget()
    _derivation(SQUARE).verify()
    assert len(calls) == 2


def test_a_forged_entry_for_a_false_link_does_not_prove_it(cache, calls):
    false = Step(sympy.sqrt(w**2), w, reason="cancel the root")
    _derivation(SQUARE).verify()
    good = _proofcache._STORE.path(_proofcache.step_key(SQUARE))
    forged = _proofcache._STORE.path(_proofcache.step_key(false))
    forged.parent.mkdir(parents=True, exist_ok=True)
    entry = json.loads(good.read_bytes())
    entry["key"] = forged.stem
    forged.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(VerificationError, match=r"^derivation 'cached' \(Cached\), chain 1, "
                                                r"step 1 \(cancel the root\): false at w = -1$"):
        _derivation(false).verify()


@pytest.mark.parametrize("status", ["unknown", "refuted"])
def test_only_proved_is_stored(cache, calls, monkeypatch, status):
    outcome = Proof(status=status, method="timeout", reason="time budget exhausted")
    monkeypatch.setattr(Step, "check", lambda self, *, timeout=None: outcome)
    with pytest.raises(VerificationError):
        _derivation(SQUARE).verify()
    assert not _proofcache._STORE.path(_proofcache.step_key(SQUARE)).exists()


def test_no_cache_proves_every_link_in_this_run(cache, calls, monkeypatch):
    _derivation(SQUARE).verify()
    _forget()
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    _derivation(SQUARE).verify()
    assert len(calls) == 2


def test_a_claim_that_followed_from_its_chains_is_not_checked_again(cache, calls,
                                                                      monkeypatch):
    from symreg.derivation import _derivation

    checked: list[object] = []
    implies = _derivation.implies

    def counting(fact, goal, hypotheses, **kw):
        checked.append(goal)
        return implies(fact, goal, hypotheses, **kw)

    monkeypatch.setattr(_derivation, "implies", counting)
    _derivation_ = _derivation.Derivation(name="g", title="G", steps=(SQUARE, SHRINK),
                                          hypotheses=w <= 5)
    _derivation_.verify()
    assert len(checked) >= 2
    first = len(checked)
    _forget()
    _derivation.Derivation(name="g", title="G", steps=(SQUARE, SHRINK), hypotheses=w <= 5
                           ).verify()
    assert len(checked) == first
    _forget()
    # Other hypotheses: another key.
    _derivation.Derivation(name="g", title="G", steps=(SQUARE, SHRINK), hypotheses=w <= 4
                           ).verify()
    assert len(checked) > first


def test_links_quoted_from_a_derivation_verified_elsewhere_are_not_proved_again(
        calls, monkeypatch):
    from symreg.derivation import _step
    from symreg.derivation._derivation import record_verified

    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    proved: list[object] = []
    original = _step.prove
    monkeypatch.setattr(_step, "prove", lambda *a, **k: proved.append(a) or original(*a, **k))
    # As a worker process would hand it over: verified there, recorded here.
    elsewhere = record_verified(_derivation(SHRINK, hypotheses=lam > 1), ())
    with pytest.raises(ValueError, match=r"^derivation 'cached' is not verified$"):
        _proofcache.vouch(_derivation(SQUARE))
    _proofcache.vouch(elsewhere)
    Derivation(name="quotes", title="Q", steps=elsewhere.steps, hypotheses=lam > 1).verify()
    assert proved == []
    # under other hypotheses it is another link: proved
    Derivation(name="other", title="O", steps=elsewhere.steps, hypotheses=lam > 2).verify()
    assert len(proved) == 1
