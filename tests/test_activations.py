"""snippets.activations: values against definitions, central-difference gradient checks, stability, bad input."""
import warnings

import numpy as np
import pytest

from snippets import activations as act
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)
# Points away from the kinks of relu / leaky_relu / elu so central differences are valid.
X = RNG.uniform(-4.0, 4.0, size=(7, 5))
X = X[np.abs(X) > 1e-3].reshape(-1)

PAIRS = [
    (act.sigmoid, act.sigmoid_grad, {}),
    (act.tanh, act.tanh_grad, {}),
    (act.relu, act.relu_grad, {}),
    (act.leaky_relu, act.leaky_relu_grad, {"negative_slope": 0.1}),
    (act.elu, act.elu_grad, {"alpha": 1.0}),
    (act.elu, act.elu_grad, {"alpha": 0.5}),
    (act.softplus, act.softplus_grad, {}),
    (act.silu, act.silu_grad, {}),
]


@pytest.mark.parametrize("f, f_grad, kw", PAIRS, ids=lambda p: getattr(p, "__name__", str(p)))
def test_grad_matches_central_differences(f, f_grad, kw):
    x = X.copy()
    # f is elementwise, so d(sum f(x))/dx_i = f'(x_i): one gradient check covers every element.
    num = numerical_gradient(lambda z: np.sum(f(z, **kw)), x)
    assert relative_error(f_grad(x, **kw), num) < 1e-7


def test_values_against_definitions():
    x = X
    np.testing.assert_allclose(act.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15, atol=0)
    np.testing.assert_allclose(act.tanh(x), 2 * act.sigmoid(2 * x) - 1, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(act.relu(x), np.where(x > 0, x, 0))
    np.testing.assert_allclose(act.leaky_relu(x), np.where(x > 0, x, 0.01 * x), rtol=1e-15)
    np.testing.assert_allclose(act.elu(x), np.where(x > 0, x, np.exp(x) - 1), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(act.sigmoid_naive(x), act.sigmoid(x), rtol=1e-15)


def test_landmark_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_grad(0.0) == 0.25
    assert act.tanh_grad(0.0) == 1.0
    grid = np.linspace(-10, 10, 200001)
    assert np.max(act.sigmoid_grad(grid)) == pytest.approx(0.25, abs=1e-12)
    assert np.max(act.tanh_grad(grid)) == pytest.approx(1.0, abs=1e-12)


def test_kink_conventions_follow_pytorch():
    assert act.relu_grad(0.0) == 0.0
    assert act.leaky_relu_grad(0.0) == 0.01
    assert act.elu_grad(0.0, alpha=2.0) == 2.0


@pytest.mark.parametrize(
    "f",
    [act.sigmoid, act.sigmoid_grad, act.tanh, act.tanh_grad, act.relu, act.relu_grad, act.leaky_relu,
     act.leaky_relu_grad, act.elu, act.elu_grad, act.softmax, act.log_softmax, act.softplus, act.softplus_grad,
     act.silu, act.silu_grad],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_stable_and_warning_free_at_large_inputs(f, dtype):
    x = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = f(x)
    assert np.all(np.isfinite(y))
    assert y.dtype == dtype


def test_naive_sigmoid_overflows_where_stable_one_does_not():
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        act.sigmoid_naive(np.array([-1e4]))
    assert act.sigmoid(np.array([-1e4]))[0] == 0.0


def test_saturated_values():
    assert act.sigmoid(1e4) == 1.0 and act.sigmoid(-1e4) == 0.0
    assert act.sigmoid(-745.0) > 0.0  # e^-745 is subnormal, still representable


def test_softmax_and_log_softmax():
    x = RNG.normal(size=(4, 6)) * 30
    for axis in (0, 1, -1):
        p = act.softmax(x, axis=axis)
        np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-14)
        np.testing.assert_allclose(np.log(p), act.log_softmax(x, axis=axis), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(act.softmax(x + 1000.0), act.softmax(x), rtol=1e-12)
    big = np.array([[1e4, -1e4, 0.0]])
    np.testing.assert_allclose(act.log_softmax(big), [[0.0, -2e4, -1e4]], rtol=1e-15)


@pytest.mark.parametrize(
    "f", [act.sigmoid, act.tanh, act.relu, act.leaky_relu, act.elu, act.sigmoid_grad, act.tanh_grad,
          act.relu_grad, act.leaky_relu_grad, act.elu_grad, act.softmax, act.log_softmax, act.sigmoid_naive,
          act.softplus, act.softplus_grad, act.silu, act.silu_grad]
)
@pytest.mark.parametrize("bad", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([True, False]), [None]])
def test_rejects_non_real_input(f, bad):
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        f(bad)


def test_rejects_bad_hyperparameters():
    with pytest.raises(TypeError, match="negative_slope"):
        act.leaky_relu(np.ones(3), negative_slope="0.1")
    with pytest.raises(ValueError, match="alpha"):
        act.elu(np.ones(3), alpha=float("nan"))
    with pytest.raises(ValueError, match="axis"):
        act.softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis"):
        act.log_softmax(np.ones((2, 3)), axis=1.0)
    with pytest.raises(ValueError, match="scalar"):
        act.softmax(1.0)


def test_smooth_variants_against_definitions():
    x = X
    np.testing.assert_allclose(act.softplus(x), np.log1p(np.exp(x)), rtol=1e-14)
    np.testing.assert_allclose(act.silu(x), x / (1 + np.exp(-x)), rtol=1e-14)
    assert act.softplus(1e4) == 1e4 and act.softplus(-1e4) == 0.0
    grid = np.linspace(-5, 5, 100001)
    y = act.silu(grid)
    assert grid[np.argmin(y)] == pytest.approx(-1.2785, abs=1e-3)
    assert y.min() == pytest.approx(-0.2785, abs=1e-4)
    assert act.silu_grad(0.0) == 0.5


def test_sigmoid_backward_is_the_diagonal_jacobian_product():
    x = RNG.normal(size=5) * 3
    s = act.sigmoid(x)
    dout = RNG.normal(size=5)
    # Full Jacobian by central differences, one row per output: J[i, j] = d s_i / d x_j.
    J = np.stack([numerical_gradient(lambda z, i=i: act.sigmoid(z)[i], x.copy()) for i in range(5)])
    np.testing.assert_allclose(J, np.diag(s * (1 - s)), rtol=1e-8, atol=1e-12)
    assert relative_error(act.sigmoid_backward(dout, s), dout @ J) < 1e-7
    # vector-Jacobian product against a gradient check of L = dout . sigmoid(x)
    num = numerical_gradient(lambda z: np.dot(dout, act.sigmoid(z)), x.copy())
    assert relative_error(act.sigmoid_backward(dout, s), num) < 1e-7


def test_sigmoid_backward_rejects_bad_input():
    with pytest.raises(ValueError, match="dout must have the shape"):
        act.sigmoid_backward(np.ones(3), np.full(2, 0.5))
    with pytest.raises(ValueError, match="s must be a sigmoid output"):
        act.sigmoid_backward(np.ones(2), np.array([0.5, 2.0]))
    with pytest.raises(TypeError, match="dout must be an array of real numbers"):
        act.sigmoid_backward(np.array(["a"]), np.array([0.5]))
    with pytest.raises(TypeError, match="s must be an array of real numbers"):
        act.sigmoid_backward(np.ones(1), np.array([True]))


def test_torch_reference():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    x = X
    t = torch.tensor(x, dtype=torch.float64)
    F = torch.nn.functional
    np.testing.assert_allclose(act.sigmoid(x), torch.sigmoid(t).numpy(), rtol=1e-15)
    np.testing.assert_allclose(act.elu(x, 0.7), F.elu(t, 0.7).numpy(), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(act.leaky_relu(x, 0.2), F.leaky_relu(t, 0.2).numpy(), rtol=1e-15)
    np.testing.assert_allclose(act.log_softmax(x.reshape(5, -1)), F.log_softmax(t.reshape(5, -1), -1).numpy(), rtol=1e-13)
    np.testing.assert_allclose(act.silu(x), F.silu(t).numpy(), rtol=1e-14)
    np.testing.assert_allclose(act.softplus(x), F.softplus(t).numpy(), rtol=1e-14)
