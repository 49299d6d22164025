"""snippets.second_order: quadratic gradients, Newton vs gradient descent, finite-difference Hessians."""
import numpy as np
import pytest

from snippets import second_order as so
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def _spd(n, cond):
    Q, _ = np.linalg.qr(RNG.normal(size=(n, n)))
    return Q @ np.diag(np.geomspace(1.0, cond, n)) @ Q.T


def test_quadratic_gradient_matches_central_differences():
    A, b, x = _spd(4, 10.0), RNG.normal(size=4), RNG.normal(size=4)
    A = (A + A.T) / 2
    _, g = so.quadratic(x, A, b)
    assert relative_error(g, numerical_gradient(lambda z: so.quadratic(z, A, b)[0], x.copy())) < 1e-8


def test_newton_solves_a_quadratic_in_one_step():
    A = _spd(5, 1e3)
    A = (A + A.T) / 2
    b = RNG.normal(size=5)
    xs = so.newton_method(lambda x: so.quadratic(x, A, b)[1], lambda x: A, np.zeros(5), 1)
    np.testing.assert_allclose(xs[1], np.linalg.solve(A, b), rtol=1e-9)


def test_gradient_descent_rate_depends_on_condition_number():
    for kappa in (10.0, 100.0):
        A, b = np.diag([1.0, kappa]), np.zeros(2)
        lr = 2.0 / (1.0 + kappa)  # optimal fixed step: contraction (kappa - 1) / (kappa + 1)
        xs = so.gradient_descent(lambda x: so.quadratic(x, A, b)[1], np.array([1.0, 1.0]), lr, 20)
        ratio = np.linalg.norm(xs[-1]) / np.linalg.norm(xs[-2])
        assert ratio == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)


def test_gradient_descent_diverges_above_two_over_lambda_max():
    A, b = np.diag([1.0, 10.0]), np.zeros(2)
    grad = lambda x: so.quadratic(x, A, b)[1]  # noqa: E731
    assert np.linalg.norm(so.gradient_descent(grad, np.ones(2), 0.19, 200)[-1]) < 1e-6
    assert np.linalg.norm(so.gradient_descent(grad, np.ones(2), 0.21, 200)[-1]) > 1e3


def test_hessian_and_hvp_by_finite_differences():
    W = RNG.normal(size=(3, 3))

    def grad(x):  # f(x) = sum(sin(W x)) + 0.25 * ||x||^4
        return W.T @ np.cos(W @ x) + (x @ x) * x

    def hess(x):
        return -W.T @ np.diag(np.sin(W @ x)) @ W + (x @ x) * np.eye(3) + 2 * np.outer(x, x)

    x, v = RNG.normal(size=3), RNG.normal(size=3)
    np.testing.assert_allclose(so.hessian_vector_product(grad, x, v), hess(x) @ v, rtol=1e-7, atol=1e-9)
    H = so.numerical_hessian(grad, x)
    np.testing.assert_allclose(H, hess(x), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(H, H.T, atol=1e-8)  # Schwarz: mixed partials commute


def test_newton_jumps_to_a_saddle():
    H = np.diag([2.0, -2.0])  # f = x^2 - y^2
    xs = so.newton_method(lambda x: H @ x, lambda x: H, np.array([1.0, 0.5]), 1)
    np.testing.assert_allclose(xs[1], 0.0, atol=1e-15)
    damped = so.newton_step(H @ np.array([1.0, 0.5]), H, damping=3.0)
    assert damped[1] > 0  # with damping > 2 the step along the negative-curvature direction points downhill


def test_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        so.quadratic(np.zeros(2), np.array([[1.0, 2.0], [0.0, 1.0]]), np.zeros(2))
    with pytest.raises(ValueError, match="A must be"):
        so.quadratic(np.zeros(2), np.eye(3), np.zeros(2))
    with pytest.raises(ValueError, match="singular"):
        so.newton_step(np.ones(2), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="hess"):
        so.newton_step(np.ones(2), np.eye(3))
    with pytest.raises(ValueError, match="damping"):
        so.newton_step(np.ones(2), np.eye(2), damping=-1.0)
    with pytest.raises(ValueError, match="lr"):
        so.gradient_descent(lambda x: x, np.ones(2), 0.0, 3)
    with pytest.raises(ValueError, match="steps"):
        so.gradient_descent(lambda x: x, np.ones(2), 0.1, -1)
    with pytest.raises(TypeError, match="grad_fn"):
        so.hessian_vector_product(None, np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="v must"):
        so.hessian_vector_product(lambda x: x, np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="x must"):
        so.numerical_hessian(lambda x: x, np.ones((2, 2)))
