"""pytest plugin of symreg, registered through the ``pytest11`` entry point.

Installed with symreg, it needs no configuration:

* the helpers of :mod:`symreg.testing` get pytest's assertion rewriting, so a
  failing check shows its explanation *and* pytest's introspection;
* the ``symreg_check`` fixture gives a :class:`symreg.testing.Checker` whose
  time budget comes from ``--symreg-timeout`` or the ``symreg_timeout`` ini
  option (default 5 seconds), and whose domain policy is strict with
  ``--symreg-strict`` or the ``symreg_strict`` ini option (default: two
  answers agree where both are defined, see :func:`symreg.check.equivalent`).

Example test::

    def test_prox(symreg_check):
        symreg_check.assert_equivalent("z/(1 + 2 eta lam)", "z/(1 + 2 lam eta)")

The module imports neither SymPy nor symreg's checker until the fixture is
used, so that it costs nothing in test runs that do not use it.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from symreg.testing import Checker

__all__ = ["pytest_addoption", "pytest_configure", "symreg_check"]

_DEFAULT_TIMEOUT = "5.0"

# Rewrite asserts in the helpers; must happen before the module is imported.
if "symreg.testing" not in sys.modules:
    pytest.register_assert_rewrite("symreg.testing")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--symreg-timeout`` and the ``symreg_timeout`` ini option.

    >>> class Recorder:  # stands in for pytest's parser and option group
    ...     def __init__(self):
    ...         self.added = []
    ...     def getgroup(self, *args):
    ...         return self
    ...     def addoption(self, name, **options):
    ...         self.added.append(name)
    ...     def addini(self, name, *args, **options):
    ...         self.added.append(name)
    >>> parser = Recorder()
    >>> pytest_addoption(parser)
    >>> parser.added
    ['--symreg-timeout', 'symreg_timeout', '--symreg-strict', 'symreg_strict']
    """
    group = parser.getgroup("symreg", "symreg answer checks")
    group.addoption(
        "--symreg-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time budget of each symreg check (default: the symreg_timeout ini "
             f"option, else {_DEFAULT_TIMEOUT})",
    )
    parser.addini("symreg_timeout", "time budget in seconds of each symreg check",
                  default=_DEFAULT_TIMEOUT)
    group.addoption(
        "--symreg-strict",
        action="store_true",
        default=None,
        help="symreg checks count a point where a side is undefined as a difference "
             "(default: the symreg_strict ini option, else false)",
    )
    parser.addini("symreg_strict", "count undefined points as differences in symreg checks",
                  type="bool", default=False)


def _timeout(config: pytest.Config) -> float:
    """The configured time budget, or a :class:`pytest.UsageError` naming the bad setting."""
    value = config.getoption("symreg_timeout")
    where = "--symreg-timeout"
    if value is None:
        where = "the symreg_timeout ini option"
        raw = config.getini("symreg_timeout")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise pytest.UsageError(
                f"{where} must be a number of seconds, got {raw!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise pytest.UsageError(
            f"{where} must be a positive finite number of seconds, got {value!r}")
    return float(value)


def _strict(config: pytest.Config) -> bool:
    """The configured domain policy: ``--symreg-strict``, else the ``symreg_strict`` ini option."""
    value = config.getoption("symreg_strict")
    return bool(config.getini("symreg_strict") if value is None else value)


def pytest_configure(config: pytest.Config) -> None:
    """Check the time budget once, before any test runs: a bad value is a usage error.

    >>> class Config:  # stands in for pytest's config
    ...     def getoption(self, name):
    ...         return 0.0
    >>> pytest_configure(Config())
    Traceback (most recent call last):
    ...
    pytest.UsageError: --symreg-timeout must be a positive finite number of seconds, got 0.0
    """
    _timeout(config)


@pytest.fixture
def symreg_check(request: pytest.FixtureRequest) -> Checker:
    """A :class:`symreg.testing.Checker` with the configured time budget."""
    from symreg.testing import Checker

    return Checker(timeout=_timeout(request.config), strict=_strict(request.config))
