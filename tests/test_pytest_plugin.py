"""Tests of symreg.pytest_plugin: the fixture and assertion rewriting, unconfigured.

The plugin is registered through the ``pytest11`` entry point of the installed
package; the inner pytest runs get no conftest, no ini file and no ``-p``
option when that entry point is present.
"""

from __future__ import annotations

import importlib.metadata

import pytest

pytest_plugins = ["pytester"]


def _entry_point_installed() -> bool:
    return any(ep.value == "symreg.pytest_plugin"
               for ep in importlib.metadata.entry_points(group="pytest11"))


# Without an installed entry point (a bare source tree), load the plugin by name.
PLUGIN_ARGS = [] if _entry_point_installed() else ["-p", "symreg.pytest_plugin"]

USER_TESTS = '''
from symreg.testing import assert_equivalent

def test_fixture_passes(symreg_check):
    assert symreg_check.timeout == 5.0
    symreg_check.assert_equivalent("sign(z) max(|z| - lam, 0)",
                                   "max(z - lam, 0) + min(z + lam, 0)")
    symreg_check.assert_implements(lambda w, lam: 2 * lam * w, "2 lam w")

def test_fixture_fails(symreg_check):
    symreg_check.assert_equivalent("2 lam w", "lam w")

def test_helper_fails():
    assert_equivalent("sqrt(w^2)", "w")
'''


def test_the_entry_point_is_registered():
    try:
        importlib.metadata.distribution("symreg")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("symreg is not installed (source tree only)")
    assert _entry_point_installed()


@pytest.mark.slow
def test_fixture_and_assertion_rewriting_without_configuration(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=1, failed=2)
    # The helper's explanation: both expressions and the counterexample ...
    result.stdout.fnmatch_lines([
        "*AssertionError: answer is not equivalent to expected (different: a counterexample "
        "proves it)",
        "*answer:   2 lam w",
        "*expected: lam*w",
        "*at lam = 1, w = -1: answer = -2, expected = -1",
    ])
    result.stdout.fnmatch_lines(["*answer:   sqrt(w^2)", "*expected: w", "*at w = -1*"])
    # ... and pytest's own introspection, which only assertion rewriting adds.
    result.stdout.fnmatch_lines(["*assert 'different' == 'equivalent'*"])
    # The helpers' frames are hidden (__tracebackhide__): the report points at the test.
    assert "def _fail_unless" not in result.stdout.str()


@pytest.mark.slow
def test_timeout_option_and_ini(pytester):
    pytester.makepyfile(test_symreg_budget='''
def test_symreg_budget(symreg_check, pytestconfig):
    assert symreg_check.timeout == float(pytestconfig.getoption("expected"))
''')
    pytester.makeconftest('''
def pytest_addoption(parser):
    parser.addoption("--expected")
''')
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS,
                                "--symreg-timeout=2.5", "--expected=2.5")
    result.assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nsymreg_timeout = 7\n")
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS, "--expected=7")
    result.assert_outcomes(passed=1)
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS,
                                "--symreg-timeout=1", "--expected=1")
    result.assert_outcomes(passed=1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ini", "option", "message"),
    [
        ("soon", None, "ERROR: the symreg_timeout ini option must be a number of seconds, "
                       "got 'soon'"),
        ("0", None, "ERROR: the symreg_timeout ini option must be a positive finite number "
                    "of seconds, got 0.0"),
        ("nan", None, "ERROR: the symreg_timeout ini option must be a positive finite number "
                      "of seconds, got nan"),
        (None, "0", "ERROR: --symreg-timeout must be a positive finite number of seconds, "
                    "got 0.0"),
        (None, "-2", "ERROR: --symreg-timeout must be a positive finite number of seconds, "
                     "got -2.0"),
        (None, "inf", "ERROR: --symreg-timeout must be a positive finite number of seconds, "
                      "got inf"),
    ],
)
def test_a_bad_timeout_is_one_usage_error(pytester, ini, option, message):
    pytester.makepyfile(test_bad="def test_x(symreg_check):\n    pass\n"
                                 "def test_y(symreg_check):\n    pass\n")
    if ini is not None:
        pytester.makeini(f"[pytest]\nsymreg_timeout = {ini}\n")
    args = [] if option is None else [f"--symreg-timeout={option}"]
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGIN_ARGS, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines[0] == message
    assert "Traceback" not in result.stderr.str()
    assert " passed" not in result.stdout.str()


@pytest.mark.slow
def test_a_huge_timeout_is_no_limit(pytester):
    pytester.makepyfile(test_huge='''
def test_huge(symreg_check):
    assert symreg_check.timeout == 1e10
    symreg_check.assert_equivalent("|w|^2", "w^2")
''')
    pytester.makeini("[pytest]\nsymreg_timeout = 1e10\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_strict_option_and_ini(pytester):
    pytester.makepyfile(test_policy='''
def test_policy(symreg_check, pytestconfig):
    assert symreg_check.strict is (pytestconfig.getoption("expected") == "strict")
    verdict = symreg_check.equivalent("w/w", "1")
    assert verdict.status == ("different" if symreg_check.strict else "equivalent")
    assert symreg_check.check_steps(["w/w", "1"]).status == (
        "invalid" if symreg_check.strict else "valid")
''')
    pytester.makeconftest('''
def pytest_addoption(parser):
    parser.addoption("--expected")
''')
    runs = ((["--expected=lenient"], ""), (["--symreg-strict", "--expected=strict"], ""),
            (["--expected=strict"], "[pytest]\nsymreg_strict = true\n"))
    for extra, ini in runs:
        if ini:
            pytester.makeini(ini)
        result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS, *extra)
        result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_help_lists_the_option(pytester):
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS, "--help")
    result.stdout.fnmatch_lines(["*--symreg-timeout=SECONDS*", "*--symreg-strict*",
                                 "*symreg_timeout*", "*symreg_strict*"])
