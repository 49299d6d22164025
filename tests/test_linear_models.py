"""snippets.linear_models: softmax regression gradients, convergence to the convex optimum, bad input."""
import numpy as np
import pytest

from snippets import linear_models as lm
from snippets.data import make_moons
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradients_match_central_differences(l2):
    X, y = RNG.normal(size=(7, 4)), RNG.integers(0, 3, size=7)
    W, b = RNG.normal(size=(4, 3)), RNG.normal(size=3)
    _, dW, db = lm.softmax_regression_loss_and_grads(W, b, X, y, l2)
    for arr, grad in ((W, dW), (b, db)):
        num = numerical_gradient(lambda _: lm.softmax_regression_loss_and_grads(W, b, X, y, l2)[0], arr)
        assert relative_error(grad, num) < 1e-7


def test_loss_value_is_cross_entropy_plus_half_l2():
    X, y = RNG.normal(size=(5, 2)), np.array([0, 1, 1, 0, 1])
    W, b = RNG.normal(size=(2, 2)), RNG.normal(size=2)
    s = X @ W + b
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    expected = -log_p[np.arange(5), y].mean() + 0.5 * 0.1 * np.sum(W * W)
    np.testing.assert_allclose(lm.softmax_regression_loss_and_grads(W, b, X, y, 0.1)[0], expected, rtol=1e-12)


def test_fit_reaches_the_regularised_optimum():
    X, y = make_moons(200, np.random.default_rng(0))
    W, b = lm.fit_softmax_regression(X, y, 2, lr=1.0, steps=3000, l2=0.1)
    _, dW, db = lm.softmax_regression_loss_and_grads(W, b, X, y, 0.1)
    assert max(np.abs(dW).max(), np.abs(db).max()) < 1e-8  # stationary point of a strictly convex loss
    assert lm.softmax_regression_accuracy(W, b, X, y) > 0.8


def test_fit_is_deterministic_and_shapes():
    X, y = make_moons(50, np.random.default_rng(1))
    W1, b1 = lm.fit_softmax_regression(X, y, 3, steps=10)
    W2, b2 = lm.fit_softmax_regression(X, y, 3, steps=10)
    assert W1.shape == (2, 3) and b1.shape == (3,)
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(b1, b2)


def test_bad_input():
    X, y = RNG.normal(size=(4, 2)), np.array([0, 1, 0, 1])
    W, b = np.zeros((2, 2)), np.zeros(2)
    with pytest.raises(TypeError, match="X"):
        lm.softmax_regression_loss_and_grads(W, b, X.tolist(), y)
    with pytest.raises(ValueError, match="y"):
        lm.softmax_regression_loss_and_grads(W, b, X, y[:3])
    with pytest.raises(ValueError, match="y"):
        lm.softmax_regression_accuracy(W, b, X, y.astype(float))
    with pytest.raises(ValueError, match="l2"):
        lm.softmax_regression_loss_and_grads(W, b, X, y, l2=-1.0)
    with pytest.raises(ValueError, match="classes"):
        lm.fit_softmax_regression(X, y, 1)
    with pytest.raises(ValueError, match="steps"):
        lm.fit_softmax_regression(X, y, 2, steps=0)
    with pytest.raises(ValueError, match="lr"):
        lm.fit_softmax_regression(X, y, 2, lr=0.0)
