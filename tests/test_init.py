"""The package namespace: lazy re-exports and a cheap ``import symreg``."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest
from conftest import assert_sorted_all, isort_style_key

import symreg

HEAVY = ("matplotlib", "latexify", "sympy.parsing")


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True,
                         capture_output=True, text=True, timeout=120)
    return out.stdout.strip()


def test_all_is_sorted_and_unique():
    assert_sorted_all(symreg.__all__)


@pytest.mark.parametrize("module", ["symreg.analysis", "symreg.derivation", "symreg.penalties",
                                    "symreg.proof", "symreg.symbols", "symreg.errors"])
def test_module_all_is_sorted_and_resolves(module):
    mod = importlib.import_module(module)
    assert_sorted_all(mod.__all__)
    for name in mod.__all__:
        assert hasattr(mod, name), name


def test_sort_key_matches_the_linter():
    names = ["LATEX_NAMES", "L2", "L10", "K", "Crossover", "__version__", "alpha", "k"]
    assert sorted(names, key=isort_style_key) == [
        "L2", "L10", "LATEX_NAMES", "Crossover", "K", "__version__", "alpha", "k"]


@pytest.mark.parametrize("name", symreg.__all__)
def test_every_public_name_resolves(name):
    obj = getattr(symreg, name)
    assert obj is not None
    if name != "__version__":
        # re-exported from the module that defines it, as the same object
        module = importlib.import_module(symreg._EXPORTS[name])
        assert getattr(module, name) is obj
        assert name in dir(symreg)


def test_all_covers_the_exports():
    assert set(symreg.__all__) == {*symreg._EXPORTS, "__version__"}


def test_version_is_the_installed_packages():
    from importlib.metadata import version

    assert isinstance(symreg.__version__, str)
    assert symreg.__version__ == version("symreg")


def test_unknown_attribute():
    with pytest.raises(AttributeError, match=r"^module 'symreg' has no attribute 'nope'$"):
        symreg.nope  # noqa: B018


def test_from_import_works():
    from symreg import L1, crossover

    assert crossover(L1(), L1()).kind == "value"


def test_import_is_cheap_in_a_fresh_interpreter():
    loaded = _run(f"""
        import sys
        import symreg
        heavy = {HEAVY!r}
        print(sorted(m for m in sys.modules if m == "sympy" or m.startswith(heavy)))
    """)
    assert loaded == "[]"


@pytest.mark.slow
def test_core_api_does_not_load_plotting_or_listings():
    loaded = _run("""
        import sys
        import symreg
        symreg.L1().subdifferential(at=0)
        symreg.crossover(symreg.L1(), symreg.L2())
        symreg.Derivation, symreg.Step, symreg.step_decrease, symreg.descent
        heavy = ("matplotlib", "latexify")
        print(sorted(m for m in sys.modules if m.startswith(heavy)))
    """)
    assert loaded == "[]"


@pytest.mark.slow
def test_lazy_names_are_cached_in_the_module():
    code = """
        import symreg
        before = "L1" in vars(symreg)
        symreg.L1
        print(before, "L1" in vars(symreg))
    """
    assert _run(code) == "False True"
