"""Tests of symreg.catalogue._built: verified catalogue derivations kept on disk, exactly."""

from __future__ import annotations

import json

import pytest
import sympy

from symreg import _cache, printing
from symreg.catalogue import _built, registry
from symreg.derivation import Derivation, Step, calc
from symreg.symbols import eps, lam, w, z


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _square(title: str = "A square") -> Derivation:
    return Derivation(name="square", title=title, prose="Two written forms.", steps=(
        Step(sympy.Pow(sympy.Abs(w), 2, evaluate=False), w**2, reason="$w$ is real"),
        calc(sympy.Add(w, w, evaluate=False), ("=", 2 * w, "collect"),
             (">", w, "for $w > 0$"), where=w > 0),
    ), results={"square": w**2})


FORMS = [
    sympy.Pow(sympy.Abs(w), 2, evaluate=False),
    sympy.Add(w, w, evaluate=False),
    sympy.Mul(2, sympy.Add(w, -eps, evaluate=False), evaluate=False),
    sympy.Piecewise((w - lam, w > lam), (w + lam, w < -lam), (0, True)),
    sympy.Interval.Lopen(-lam, lam),
    sympy.FiniteSet(sympy.Rational(1, 2), 1),
    sympy.Derivative(lam * w**2, w),
    sympy.Limit(sympy.sign(w), w, 0, "+"),
    (z > lam) & sympy.Ne(w, 0),
    sympy.ceiling(sympy.Abs(w) / (lam * eps)),
    sympy.oo, sympy.true, sympy.EmptySet, sympy.pi,
    sympy.log(sympy.Function("phi")(w)) + sympy.Function("phi")(w, lam),
]


@pytest.mark.parametrize("form", FORMS, ids=[sympy.srepr(f)[:30] for f in FORMS])
def test_a_form_comes_back_exactly_as_written(form):
    data = json.loads(json.dumps(_built.freeze(form)))
    back = _built.thaw(data)
    assert back == form
    assert sympy.srepr(back) == sympy.srepr(form)


@pytest.mark.parametrize("form", [sympy.Float("0.5") * w, sympy.Dummy("d") + w,
                                  sympy.Function("f", real=True)(w)])
def test_what_cannot_come_back_exactly_is_refused(form):
    with pytest.raises(_built._NotFaithful):
        _built.thaw(_built.freeze(form))


def test_a_derivation_is_kept_and_taken_back_verified(cache):
    built = _square().verify()
    assert _built.save("square", "proximal", built)
    kept = _built.load("square", "proximal")
    assert kept is not None
    assert kept == built
    assert kept.verified
    assert kept.witness == built.witness
    assert kept.results["square"] == w**2
    assert sympy.srepr(kept.steps[0].lhs) == sympy.srepr(built.steps[0].lhs)


def test_a_derivation_with_a_float_is_built_every_time(cache):
    floaty = Derivation(name="floaty", title="F", steps=(
        Step(sympy.Float("0.5") * w + w / 2, w, reason="halves"),)).verify()
    assert not _built.save("floaty", "proximal", floaty)
    assert _built.load("floaty", "proximal") is None


def test_nothing_is_kept_with_the_cache_off(cache):
    with _cache.disabled():
        assert not _built.save("square", "proximal", _square().verify())
    assert _built.load("square", "proximal") is None
    assert not cache.exists()


def test_the_notation_is_part_of_the_key(cache):
    assert _built.save("square", "proximal", _square().verify())
    with printing.notation({"w": r"\beta"}):
        assert _built.load("square", "proximal") is None
    with printing.macros(True):
        assert _built.load("square", "proximal") is None
    assert _built.load("square", "proximal") is not None


def test_the_code_of_the_entry_and_below_is_in_the_key_and_nothing_else():
    sources = [s.replace("\\", "/") for s in _built._sources("proximal")]
    assert any(s.endswith("catalogue/proximal.py") for s in sources)
    assert any(s.endswith("catalogue/_common.py") for s in sources)
    assert any(s.endswith("proof/_prove.py") for s in sources)
    assert any(s.endswith("penalties/_base.py") for s in sources)
    assert not any(s.endswith(("catalogue/bayes.py", "catalogue/steps.py")) for s in sources)
    assert not any("/render/" in s or s.endswith(("/cli.py", "/check.py")) for s in sources)


@pytest.fixture
def counted(cache, monkeypatch):
    """A registry entry ``square`` whose builds are counted, kept like the catalogue's own."""
    builds: list[str] = []

    def build(title: str) -> Derivation:
        builds.append(title)
        return _square(title)

    entry = registry.Entry(name="square", title="A square", build=build, topic="proximal")
    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, "square": entry})
    registry._get.cache_clear()
    yield builds
    registry._get.cache_clear()


def test_the_catalogue_builds_an_entry_once_across_runs(counted):
    first = registry.get("square")
    registry._get.cache_clear()  # as in a new process
    again = registry.get("square")
    assert len(counted) == 1
    assert again == first
    assert again.verified


@pytest.mark.parametrize("edit", ["step", "reason", "mac", "truncate"])
def test_an_edited_entry_is_detected_and_the_entry_built_again(counted, cache, edit):
    registry.get("square")
    path = _built._store("proximal").path(_built._key("square"))
    entry = json.loads(path.read_bytes())
    chain = entry["content"]["chains"][0][0]
    if edit == "step":  # a false step: never taken, so never trusted
        chain["rhs"] = _built.freeze(w**3)
    elif edit == "reason":
        chain["reason"] = "obvious"
    elif edit == "mac":
        entry["mac"] = "0" * 64
    data = json.dumps(entry).encode()
    path.write_bytes(data[:-5] if edit == "truncate" else data)
    registry._get.cache_clear()
    rejected = _cache.stats().rejected
    again = registry.get("square")
    assert len(counted) == 2
    assert _cache.stats().rejected == rejected + 1
    assert again.steps[0].reason == "$w$ is real"
    assert again.steps[0].rhs == w**2
