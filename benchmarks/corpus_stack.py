"""A corpus of answer pairs that symreg's authors did not write: STACK's answer tests.

The pairs are transcribed from the ``AlgEquiv`` rows of the answer-test fixtures
of STACK, the Moodle question type for mathematics (repository
``maths/moodle-qtype_stack``, file ``tests/fixtures/answertestfixtures.class.php``;
each row there is: test, options, student's answer, teacher's answer, expected
score). Only rows expressible in symreg's input language are taken; the
expressions are copied as written, except that Maxima's ``%pi`` is ``pi`` and
``e^(...)`` is ``exp(...)`` (marked in the note).

Names are declared real (``x y a``) or positive (``x y m`` in a few rows);
``b``, ``k`` and ``n`` keep symreg's own meaning (``b`` positive, ``k`` a
nonnegative integer, ``n`` a positive integer), as listed in ``canonical``.

Each pair keeps STACK's expected score (``stack``) and the truth under symreg's
semantics (``equivalent``: equal for *all* admissible values of the declared
symbols, both sides defined at the same points). Where the two differ the pair
says why in ``note``: STACK compares floats as floats (``452`` against
``4.52*10^2`` scores 0), and it accepts pairs that are equal only where both
sides are defined (``x-1`` against ``(x^2-1)/(x+1)``); such pairs have
``policy=True`` and are left out of the right/wrong counts, since their verdict
depends on the domain policy chosen rather than on the mathematics.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCE", "STACK", "ExternalPair"]

SOURCE = "maths/moodle-qtype_stack: tests/fixtures/answertestfixtures.class.php (AlgEquiv rows)"

REAL = "x y a: real"
POSITIVE = "x y m: positive"


@dataclass(frozen=True, slots=True)
class ExternalPair:
    """One transcribed row: the two answers, the truth, STACK's score and the symbols."""

    answer: str
    expected: str
    equivalent: bool
    stack: int
    symbols: str = REAL
    canonical: tuple[str, ...] = ()
    policy: bool = False
    note: str = ""
    latex: bool = False


def _p(answer: str, expected: str, equivalent: bool, stack: int, **kw: object) -> ExternalPair:
    return ExternalPair(answer, expected, equivalent, stack, **kw)  # type: ignore[arg-type]


STACK: tuple[ExternalPair, ...] = (
    _p("4^(-1/2)", "1/2", True, 1),
    _p("4^(1/2)", "sqrt(4)", True, 1),
    _p("0.5", "1/2", True, 1),
    _p("0.33", "1/3", False, 0),
    _p("452", "4.52*10^2", True, 0, policy=True,
       note="STACK compares floats; exact decimals make 4.52*10^2 = 452"),
    _p("5.1e-2", "51/1000", True, 1),
    _p("0.333333333333333", "1/3", False, 0),
    _p("(0.5+x)*2", "2*x+1", True, 1),
    _p("x^(1/2)", "sqrt(x)", True, 1),
    _p("x", "sqrt(x^2)", False, 0),
    _p("abs(x)", "sqrt(x^2)", True, 1),
    _p("1/abs(x)^(1/3)", "(abs(x)^(1/3)/abs(x))^(1/2)", True, 1),
    _p("sqrt((x-3)*(x-5))", "sqrt(x-3)*sqrt(x-5)", False, 0, policy=True,
       note="equal wherever both are defined (x >= 5), but the expected side is also "
            "undefined for x <= 3, where the answer is defined; STACK scores 0"),
    _p("1/sqrt(x)", "sqrt(1/x)", False, 1, policy=True,
       note="both sides are not real for x < 0; STACK accepts"),
    _p("x-1", "(x^2-1)/(x+1)", False, 1, policy=True,
       note="the expected side is undefined at x = -1; STACK accepts"),
    _p("2+2*sqrt(3+x)", "2+sqrt(12+4*x)", True, 1),
    _p("6*exp(6*(y^2+x^2))+72*x^2*exp(6*(y^2+x^2))", "(72*x^2+6)*exp(6*(y^2+x^2))", True, 1,
       note="e^(...) written exp(...)"),
    _p("sqrt(k/m)*sqrt(m/k)", "1", False, 1, symbols=POSITIVE, canonical=("k",),
       policy=True,
       note="k is symreg's nonnegative integer: the answer is undefined at k = 0"),
    _p("(2*pi)*(m/k)^(1/2)", "(2*pi)/(k/m)^(1/2)", False, 1, symbols=POSITIVE,
       canonical=("k",), policy=True,
       note="k is symreg's nonnegative integer: the expected side is undefined at k = 0"),
    _p("sqrt(2*x/10+1)", "sqrt((2*x+10)/10)", True, 1),
    _p("((x+3)^2*(x+3))^(1/3)", "((x+3)*(x^2+6*x+9))^(1/3)", True, 1),
    _p("(x-1)^2", "x^2-2*x+1", True, 1),
    _p("(x-1)*(x^2+x+1)", "x^3-1", True, 1),
    _p("(x-1)^(-2)", "1/(x^2-2*x+1)", True, 1),
    _p("1/(4*x-(pi+sqrt(2)))", "1/(x+1)", False, 0, note="%pi written pi"),
    _p("(k+8)/(k^2+4*k-12)", "(k+8)/(k^2+4*k-12)", True, 1, canonical=("k",)),
    _p("(k+7)/(k^2+4*k-12)", "(k+8)/(k^2+4*k-12)", False, 0, canonical=("k",)),
    _p("-(2*k+6)/(k^2+4*k-12)", "-(2*k+6)/(k^2+4*k-12)", True, 1, canonical=("k",)),
    _p("1/n-1/(n+1)", "1/(n*(n+1))", True, 1, canonical=("n",)),
    _p("0.5*x^2+3*x-1", "x^2/2+3*x-1", True, 1),
    _p("14336000000*x^13+250265600000*x^12+1862860800000*x^11+7623925760000*x^10+"
       "18290677760000*x^9+24744757985280*x^8+14567212351488*x^7-3267871272960*x^6-"
       "6408053107200*x^5+670406720000*x^4+1179708800000*x^3-429244800000*x^2+"
       "56696000000*x-2680000000", "512*(2*x+5)^7*(5*x-1)^5*(70*x+67)", True, 1),
    _p("14336000000*x^13+250265600000*x^12+1862860800000*x^11+7623925760000*x^10+"
       "18290677760000*x^9+24744757985280*x^8+14567212351488*x^7-3267871272960*x^6-"
       "6408053107200*x^5+670406720000*x^4+1179708800000*x^3-429244800000*x^2+"
       "56696000000*x-2680000001", "512*(2*x+5)^7*(5*x-1)^5*(70*x+67)", False, 0),
    _p("14336000000*x^13", "512*(2*x+5)^7*(5*x-1)^5*(70*x+67)", False, 0),
    _p("log(a^2*b)", "2*log(a)+log(b)", False, 1, canonical=("b",), policy=True,
       note="both sides are not real for a < 0 or b < 0; STACK accepts"),
    _p("log(a^2*b)", "2*log(a)+log(b)", True, 1, symbols="a: positive", canonical=("b",),
       note="the same row with a positive (b is symreg's positive b)"),
    _p("(2*log(2*x)+x)/(2*x)", "(log(2*x)+2)/(2*sqrt(x))", False, 0),
    _p("log(abs((x^2-9)))", "log(abs(x-3))+log(abs(x+3))", True, 0, policy=True,
       note="equal wherever defined (x not 3 or -3), and undefined at the same points; "
            "STACK scores 0"),
    _p("x^log(y)", "y^log(x)", True, 1, symbols=POSITIVE),
)


if __name__ == "__main__":  # pragma: no cover
    counted = [p for p in STACK if not p.policy]
    print(f"{len(STACK)} pairs from {SOURCE}; {len(counted)} counted "
          f"({sum(p.equivalent for p in counted)} equivalent), "
          f"{len(STACK) - len(counted)} depend on the domain policy")
