"""snippets.surfaces: gradients by central differences, the runners, the sparse data, bad input."""
import numpy as np
import pytest

from snippets import optimizers as O
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.surfaces import double_well, quadratic, rosenbrock, run_on_gradients, run_optimizer, sparse_logistic_data


def test_quadratic_value_and_gradcheck():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 3))
    H = A @ A.T + np.eye(3)
    x = rng.normal(size=3)
    value, grad = quadratic(x, H)
    np.testing.assert_allclose(value, 0.5 * x @ H @ x, rtol=1e-13)
    num = numerical_gradient(lambda v: quadratic(v, H)[0], x.copy())
    assert relative_error(grad, num) < 1e-7
    # vectorised over leading axes: a grid of points gives a grid of values and gradients
    grid = rng.normal(size=(4, 5, 3))
    values, grads = quadratic(grid, H)
    assert values.shape == (4, 5) and grads.shape == (4, 5, 3)
    np.testing.assert_allclose(grads[2, 3], H @ grid[2, 3], rtol=1e-13)


def test_rosenbrock_minimum_and_gradcheck():
    value, grad = rosenbrock(np.array([1.0, 1.0]))
    assert value == 0.0 and np.all(grad == 0.0)
    value, grad = rosenbrock(np.array([2.0, 4.0]), a=2.0, b=5.0)
    assert value == 0.0 and np.all(grad == 0.0)
    rng = np.random.default_rng(0)
    for _ in range(5):
        x = rng.normal(size=2)
        num = numerical_gradient(lambda v: rosenbrock(v)[0], x.copy())
        assert relative_error(rosenbrock(x)[1], num) < 1e-7
    np.testing.assert_allclose(rosenbrock(np.array([-1.5, 2.0]))[0], 2.5 ** 2 + 100 * (2.0 - 2.25) ** 2, rtol=1e-15)


def test_double_well_stationary_points_and_gradcheck():
    roots = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    np.testing.assert_allclose(roots, [-1.30083957, 0.16993844, 1.13090112], atol=1e-8)
    values, grads = double_well(roots[:, None])
    np.testing.assert_allclose(grads[:, 0], 0.0, atol=1e-12)
    np.testing.assert_allclose(values[[0, 2]], [-3.51390504, -1.07023018], atol=1e-8)
    x = np.array([0.7])
    assert relative_error(double_well(x)[1], numerical_gradient(lambda v: double_well(v)[0], x.copy())) < 1e-7
    with pytest.raises(ValueError, match="theta must have shape"):
        double_well(np.zeros(2))


def test_run_optimizer_matches_a_hand_loop():
    H = np.diag([1.0, 20.0])
    path = run_optimizer(O.SGD, lambda th: quadratic(th, H), (-4.0, 1.0), 5, lr=0.05)
    assert path.shape == (6, 2)
    x = np.array([-4.0, 1.0])
    for k in range(5):
        x = x - 0.05 * H @ x
        np.testing.assert_allclose(path[k + 1], x, rtol=1e-14)
    # GD on a quadratic: each coordinate scales by (1 - lr * lambda_i) per step
    np.testing.assert_allclose(path[5], [-4.0 * 0.95 ** 5, 1.0 * 0.0 ** 5], atol=1e-15)


def test_run_optimizer_stops_when_it_diverges():
    path = run_optimizer(O.SGD, rosenbrock, (-1.5, 2.0), 200, lr=0.1)
    assert len(path) < 201 and np.all(np.isfinite(path))


def test_run_on_gradients_records_the_fed_gradients():
    path, grads = run_on_gradients(O.SGD, lambda step, th: np.array([1.0, float(step)]), (0.0, 0.0), 3, lr=0.5)
    np.testing.assert_allclose(grads, [[1, 0], [1, 1], [1, 2]])
    np.testing.assert_allclose(path[-1], [-1.5, -1.5])
    path, grads = run_on_gradients(O.SGD, lambda step, th: np.zeros(2), (0.0, 0.0), 0, lr=0.5)
    assert path.shape == (1, 2) and grads.shape == (0, 2)


def test_sparse_logistic_data_frequencies_and_labels():
    rng = np.random.default_rng(0)
    X, y = sparse_logistic_data(20000, [0.5, 0.02], [0.0, 3.0], rng)
    assert X.shape == (20000, 2) and set(np.unique(X)) <= {0.0, 1.0} and set(np.unique(y)) <= {0.0, 1.0}
    np.testing.assert_allclose(X.mean(axis=0), [0.5, 0.02], atol=0.01)
    # P(y = 1 | x_rare = 1) = sigmoid(3) = 0.953, P(y = 1 | x_rare = 0) = sigmoid(0) = 0.5
    np.testing.assert_allclose(y[X[:, 1] == 1].mean(), 1 / (1 + np.exp(-3)), atol=0.03)
    np.testing.assert_allclose(y[X[:, 1] == 0].mean(), 0.5, atol=0.02)


def test_logistic_regression_on_it_finds_w_true():
    rng = np.random.default_rng(0)
    X, y = sparse_logistic_data(20000, [0.5, 0.3], [1.5, -1.0], rng)
    sig = lambda z: 1 / (1 + np.exp(-z))
    w = np.zeros(2)
    for _ in range(300):  # full-batch GD on the mean cross-entropy
        w -= 2.0 * X.T @ (sig(X @ w) - y) / len(y)
    np.testing.assert_allclose(w, [1.5, -1.0], atol=0.1)


def test_bad_input():
    H = np.diag([1.0, 2.0])
    with pytest.raises(ValueError, match="H must be a symmetric"):
        quadratic(np.zeros(2), np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="theta must have shape"):
        quadratic(np.zeros(3), H)
    with pytest.raises(ValueError, match="theta must have shape"):
        rosenbrock(np.zeros(3))
    with pytest.raises(TypeError, match="surface must be callable"):
        run_optimizer(O.SGD, "rosenbrock", (0.0, 0.0), 3, lr=0.1)
    with pytest.raises(TypeError, match="grad_fn must be callable"):
        run_on_gradients(O.SGD, None, (0.0, 0.0), 3, lr=0.1)
    with pytest.raises(ValueError, match="steps must be a non-negative int"):
        run_optimizer(O.SGD, rosenbrock, (0.0, 0.0), -1, lr=0.1)
    with pytest.raises(ValueError, match="start must be a 1-D point"):
        run_optimizer(O.SGD, rosenbrock, np.zeros((2, 2)), 3, lr=0.1)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="freqs must be"):
        sparse_logistic_data(10, [1.5], [1.0], rng)
    with pytest.raises(ValueError, match="w_true must have shape"):
        sparse_logistic_data(10, [0.5, 0.1], [1.0], rng)
    with pytest.raises(ValueError, match="n must be a positive int"):
        sparse_logistic_data(0, [0.5], [1.0], rng)
    with pytest.raises(TypeError, match="rng must be a np.random.Generator"):
        sparse_logistic_data(10, [0.5], [1.0], 0)
