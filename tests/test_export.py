"""Exported functions: branches kept, exact zeros, argument order; PyProximal operators."""

from __future__ import annotations

import importlib.util
import inspect
import warnings

import numpy as np
import pytest
import sympy
from conftest import R

from symreg import L1, L2, ElasticNet, Norm1, Norm2, SquaredNorm2, export, group_lasso
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.symbols import coordinates, eta, lam, z

Z = np.array([-3.0, -0.5, -0.25, 0.0, 0.25, 0.5, 3.0])


def exact(expr, symbols_values):
    return float(expr.xreplace(symbols_values))


def test_scalar_soft_thresholding_keeps_exact_zeros():
    f = export.numpy(L1().prox(step=eta))
    assert f.arguments == ("z", "eta", "lam")
    assert list(inspect.signature(f).parameters) == ["z", "eta", "lam"]
    out = f(Z, 0.25, 2.0)  # threshold eta*lam = 1/2, met exactly at +-0.5
    expected = [exact(L1().prox(step=eta), {z: R(t).limit_denominator(100), eta: R(1, 4),
                                             lam: 2}) for t in Z]
    assert out.tolist() == expected
    assert np.all(out[1:6] == 0.0)
    assert out[0] == -2.5
    assert out[-1] == 2.5


@pytest.mark.parametrize("penalty", [L1(), L2(), L2(half=True), ElasticNet()], ids=repr)
def test_scalar_prox_agrees_with_the_symbolic_result(penalty):
    expr = penalty.prox(step=eta)
    f = export.numpy(expr)
    params = {s.name: R(1, 3) if s != z else None for s in expr.free_symbols}
    points = [R(-2), R(-1, 3), R(-1, 9), 0, R(1, 9), R(1, 3), 2]
    for t in points:
        subs = {s: (t if s == z else R(1, 3)) for s in expr.free_symbols}
        kwargs = {s.name: float(v) for s, v in subs.items()}
        assert f(**kwargs) == pytest.approx(float(expr.xreplace(subs)), abs=1e-15)
    assert set(params) == set(f.arguments)


def test_block_soft_thresholding_has_no_nan_at_zero():
    f = export.numpy(Norm2(dim=3).prox(step=eta))
    assert f.arguments == ("z", "eta", "lam")
    z_values = np.array([[0.0, 0.0, 0.0], [0.3, 0.4, 0.0], [3.0, 0.0, -4.0], [0.1, 0.1, 0.1],
                         [-0.6, 0.0, -0.8]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning from an inactive branch fails here
        out = f(z_values, 0.5, 1.0)  # threshold 1/2: the second row sits exactly on it
    assert out.shape == (5, 3)
    assert not np.isnan(out).any()
    assert np.all(out[:2] == 0.0)
    assert np.all(out[3] == 0.0)
    np.testing.assert_allclose(out[2], [2.7, 0.0, -3.6], rtol=0, atol=1e-15)
    np.testing.assert_allclose(out[4], [-0.3, 0.0, -0.4], rtol=0, atol=1e-15)


def test_vector_prox_broadcasts_parameters():
    f = export.numpy(Norm1(dim=2).prox(step=eta))
    # one step size per row of z: eta broadcasts against z's leading axis
    out = f(np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([0.5, 2.0]), 1.0)
    assert out.tolist() == [[0.5, -0.5], [0.0, 0.0]]


def test_keyword_arguments_and_numbers():
    f = export.numpy(Norm2(dim=2, strength=1).prox(step=1))
    assert f.arguments == ("z",)
    assert f(z=np.array([3.0, 4.0])).tolist() == pytest.approx([2.4, 3.2])
    g = export.numpy(L2().derivative())
    assert g.arguments == ("w", "lam")
    assert g(np.array([-1.0, 0.5]), lam=0.1).tolist() == pytest.approx([-0.2, 0.1])
    assert export.numpy(sympy.Integer(3))() == 3.0


def test_a_derivation_exports_its_result():
    f = export.numpy(L1().prox_derivation(step=eta))
    assert f(np.array([-2.0, 0.1]), 1.0, 1.0).tolist() == [-1.0, 0.0]


def test_piecewise_inside_an_expression():
    expr = 2 * L1().prox(step=eta) + sympy.Piecewise((1 / z, z > 0), (0, True))
    f = export.numpy(expr)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = f(np.array([-2.0, 0.0, 2.0]), 1.0, 1.0)
    assert out.tolist() == [-2.0, 0.0, 2.5]


def test_a_piecewise_without_a_true_branch_is_nan_where_undefined():
    f = export.numpy(sympy.Piecewise((z, z > 0)))
    out = f(np.array([-1.0, 1.0]))
    assert np.isnan(out[0])
    assert out[1] == 1.0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: export.numpy(sympy.Interval(0, 1)), UnsupportedError,
     r"^cannot export a Interval: only an expression, a vector Matrix or a derivation with "
     r"such a result becomes a function$"),
    (lambda: export.numpy(sympy.Matrix([[1, 2], [3, 4]])), UnsupportedError,
     r"^only a vector \(one row or one column\) can be exported$"),
    (lambda: export.numpy(L1().prox(step=eta))(1.0), InvalidParameterError,
     r"^missing argument\(s\): eta, lam$"),
    (lambda: export.numpy(L1().prox(step=eta))(1.0, 1.0, 1.0, 1.0), InvalidParameterError,
     r"^expected at most 3 arguments \(z, eta, lam\), got 4$"),
    (lambda: export.numpy(L1().prox(step=eta))(1.0, 1.0, mu=1.0), InvalidParameterError,
     r"^unexpected argument 'mu'; the arguments are z, eta, lam$"),
    (lambda: export.numpy(L1().prox(step=eta))(1.0, 1.0, 1.0, z=1.0), InvalidParameterError,
     r"^argument 'z' given twice$"),
    (lambda: export.numpy(Norm1(dim=2).prox(step=eta))(np.ones(3), 1.0, 1.0),
     InvalidParameterError,
     r"^z must have its 2 coordinates along the last axis, got shape \(3,\)$"),
    (lambda: export.numpy(z + coordinates("z", 2)[0]), UnsupportedError,
     r"^the result has both the scalar z and coordinates of a vector z$"),
])
def test_export_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("library", ["jax", "torch"])
def test_optional_libraries(library):
    expr = Norm2(dim=2).prox(step=eta)
    if importlib.util.find_spec(library) is None:
        with pytest.raises(ImportError, match=rf"^symreg\.export\.{library} needs {library}: "
                           rf"install the package {library}$"):
            getattr(export, library)(expr)
        return
    # Runs where the library is installed (neither is in the locked test extra).
    backend = pytest.importorskip("jax.numpy" if library == "jax" else "torch")
    f = getattr(export, library)(expr)
    assert f.arguments == ("z", "eta", "lam")
    rows = [[3.0, 4.0], [0.3, 0.4], [0.0, 0.0], [-0.6, 0.8]]
    values = backend.asarray(rows) if library == "jax" else backend.tensor(rows)
    out = np.asarray(f(values, 1.0, 1.0))
    np.testing.assert_allclose(out, [[2.4, 3.2], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]],
                               rtol=1e-6, atol=1e-7)
    assert not np.isnan(out).any()


# ---------------------------------------------------------------------------
# PyProximal


@pytest.mark.slow
def test_pyproximal_operator_matches_pyproximal_l1():
    pyproximal = pytest.importorskip("pyproximal")
    ours = export.pyproximal(Norm1(dim=7), lam=0.5)
    theirs = pyproximal.L1(sigma=0.5)
    assert isinstance(ours, pyproximal.ProxOperator)
    for tau in (0.25, 1.0, 2.0):  # tau * sigma = 1/2 puts +-0.5 exactly on the threshold
        np.testing.assert_array_equal(ours.prox(Z, tau), theirs.prox(Z, tau))
    assert ours(Z) == pytest.approx(theirs(Z))
    scalar = export.pyproximal(L1(strength=0.5))
    np.testing.assert_array_equal(scalar.prox(Z, 1.0), theirs.prox(Z, 1.0))


@pytest.mark.slow
def test_pyproximal_group_operators_match():
    pyproximal = pytest.importorskip("pyproximal")
    ours = export.pyproximal(Norm2(dim=3), lam=2.0)
    theirs = pyproximal.L2(sigma=4.0)  # PyProximal's L2 is sigma/2 ||x||^2
    assert ours(np.array([1.0, 2.0, 2.0])) == 6.0
    np.testing.assert_allclose(ours.prox(np.array([1.0, 2.0, 2.0]), 0.5), [2 / 3, 4 / 3, 4 / 3])
    np.testing.assert_array_equal(ours.prox(np.array([0.5, 0.5, 0.5]), 1.0), np.zeros(3))
    ridge = export.pyproximal(SquaredNorm2(dim=3, half=True), lam=4.0)
    x = np.array([1.0, -2.0, 0.0])
    np.testing.assert_allclose(ridge.prox(x, 0.5), theirs.prox(x, 0.5))
    assert ridge(x) == pytest.approx(theirs(x))
    grouped = export.pyproximal(group_lasso([(1, 2), (3,)], dim=3), lam=1.0)
    np.testing.assert_allclose(grouped.prox(np.array([3.0, 4.0, -0.5]), 1.0), [2.4, 3.2, 0.0])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: export.pyproximal(Norm1(dim=2)), r"^give a value for lam$"),
    (lambda: export.pyproximal(Norm1(dim=2), lam=1.0, mu=2.0),
     r"^no symbol named mu in the penalty; its parameters are lam$"),
    (lambda: export.pyproximal(Norm1(dim=2), lam=-1.0),
     r"^lam must be positive \(> 0\), got -1\.0$"),
    (lambda: export.pyproximal(3), r"^penalty must be a Penalty or a vector penalty, got int$"),
    (lambda: export.pyproximal(Norm1(dim=2), lam=1.0).prox(np.ones(3), 1.0),
     r"^x must be a vector of length 2, got shape \(3,\)$"),
])
@pytest.mark.slow
def test_pyproximal_errors(call, message):
    pytest.importorskip("pyproximal")
    with pytest.raises(InvalidParameterError, match=message):
        call()


@pytest.mark.slow
def test_pyproximal_refuses_a_non_positive_tau():
    pytest.importorskip("pyproximal")
    with pytest.raises(ValueError, match=r"^tau must be positive$"):
        export.pyproximal(Norm1(dim=2), lam=1.0).prox(np.ones(2), 0.0)


def test_pyproximal_missing_is_a_clear_import_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyproximal", None)  # importing it now fails
    with pytest.raises(ImportError, match=r"^symreg\.export\.pyproximal needs PyProximal: "
                       r"install the package pyproximal$"):
        export.pyproximal(Norm1(dim=2), lam=1.0)


@pytest.mark.slow
def test_lasso_with_proximal_gradient_matches_scikit_learn():
    pyproximal = pytest.importorskip("pyproximal")
    pylops = pytest.importorskip("pylops")
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    n, d = 40, 6
    X = rng.standard_normal((n, d))
    truth = np.array([2.0, 0.0, -1.5, 0.0, 0.0, 0.5])
    y = X @ truth + 0.1 * rng.standard_normal(n)
    # scikit-learn's Lasso minimises 1/(2n) ||y - Xw||^2 + alpha ||w||_1; multiplied by n
    # that is 1/2 ||y - Xw||^2 + (n * alpha) ||w||_1, so lam = n * alpha here.
    alpha = 0.1
    lam_value = n * alpha
    data_fit = pyproximal.L2(Op=pylops.MatrixMult(X), b=y)  # 1/2 ||X w - y||^2
    penalty = export.pyproximal(Norm1(dim=d), lam=lam_value)
    step = 1.0 / np.linalg.norm(X, 2) ** 2
    # FISTA reaches scikit-learn's solution to rounding error within about 100
    # iterations on this small, well-conditioned problem; 300 leave a margin.
    ours = pyproximal.optimization.primal.ProximalGradient(
        data_fit, penalty, x0=np.zeros(d), tau=step, niter=300, acceleration="fista")
    reference = linear_model.Lasso(alpha=alpha, fit_intercept=False, tol=1e-12,
                                   max_iter=100000).fit(X, y).coef_
    np.testing.assert_allclose(ours, reference, atol=1e-6)
    zeros = reference == 0.0
    assert zeros.any()  # the penalty does select: some coefficients are exactly 0
    assert np.all(ours[zeros] == 0.0)
