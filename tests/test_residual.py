"""snippets.residual: gradient checks of every wiring, the identity path, bad input."""
import numpy as np
import pytest

from snippets import residual as rs
from snippets.gradcheck import numerical_gradient, relative_error


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("mode", rs.MODES)
def test_backward_matches_central_differences(mode, activation):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 5))
    Ws = [rng.normal(size=(5, 5)) / np.sqrt(5) for _ in range(3)]
    G = rng.normal(size=(4, 5))

    def loss(_):
        return np.sum(rs.residual_stack_forward(X, Ws, mode, activation)[0] * G)

    out, cache = rs.residual_stack_forward(X, Ws, mode, activation)
    dWs, dhs = rs.residual_stack_backward(G, cache)
    assert relative_error(dhs[0], numerical_gradient(loss, X, h=1e-6)) < 1e-7
    for W, dW in zip(Ws, dWs):
        assert relative_error(dW, numerical_gradient(loss, W, h=1e-6)) < 1e-7


def test_forward_wiring():
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(3, 4)), rng.normal(size=(4, 4))
    np.testing.assert_allclose(rs.residual_stack_forward(X, [W], "plain", "tanh")[0], np.tanh(X @ W), rtol=1e-12)
    np.testing.assert_allclose(rs.residual_stack_forward(X, [W], "residual", "tanh")[0], X + np.tanh(X @ W), rtol=1e-12)
    # with F = 0 (W = 0, tanh(0) = 0) a residual stack is exactly the identity, a plain one outputs 0
    Z = [np.zeros((4, 4))] * 5
    np.testing.assert_array_equal(rs.residual_stack_forward(X, Z, "residual", "tanh")[0], X)
    np.testing.assert_array_equal(rs.residual_stack_forward(X, Z, "plain", "tanh")[0], 0 * X)


def test_plain_vanishes_residual_does_not():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 64))
    _, plain = rs.stack_gradient_norms(X, 50, "plain", np.random.default_rng(1), "tanh")
    _, skip = rs.stack_gradient_norms(X, 50, "residual", np.random.default_rng(1), "tanh")
    assert plain[0] / plain[-1] < 1e-9        # geometric decay towards the input
    assert skip[0] / skip[-1] > 1.0           # the identity path keeps it from decaying


def test_bad_input():
    rng = np.random.default_rng(0)
    X = np.ones((2, 3))
    with pytest.raises(ValueError, match="mode"):
        rs.residual_stack_forward(X, [np.eye(3)], "dense")
    with pytest.raises(ValueError, match="activation"):
        rs.residual_stack_forward(X, [np.eye(3)], "plain", "gelu")
    with pytest.raises(ValueError, match="Ws"):
        rs.residual_stack_forward(X, [np.eye(2)], "plain")
    with pytest.raises(TypeError, match="X must be"):
        rs.residual_stack_forward([[1.0, 2.0, 3.0]], [np.eye(3)], "plain")
    with pytest.raises(ValueError, match="depth"):
        rs.stack_gradient_norms(X, 0, "plain", rng)
    with pytest.raises(TypeError, match="rng"):
        rs.stack_gradient_norms(X, 2, "plain", 0)


def test_deep_plain_net_stalls_where_residual_trains():
    from snippets.data import make_spirals
    X, y = make_spirals(150, np.random.default_rng(0))
    final = {(m, lr): rs.train_deep_classifier(X, y, 30, m, np.random.default_rng(0), lr=lr, steps=60)[-1]
             for m in ("plain", "residual") for lr in (0.01, 0.05)}
    assert final[("plain", 0.05)] > 0.9                       # near chance (ln 3 = 1.10)
    assert final[("residual", 0.05)] < 0.1 and final[("residual", 0.01)] < final[("plain", 0.01)]


def test_train_deep_classifier_bad_input():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(TypeError, match="rng"):
        rs.train_deep_classifier(X, y, 2, "plain", 0)
    with pytest.raises(ValueError, match="depth"):
        rs.train_deep_classifier(X, y, 0, "plain", np.random.default_rng(0))
    with pytest.raises(ValueError, match="steps"):
        rs.train_deep_classifier(X, y, 2, "plain", np.random.default_rng(0), steps=0)
    with pytest.raises(ValueError, match="y must have shape"):
        rs.train_deep_classifier(X, y[:3], 2, "plain", np.random.default_rng(0))
    with pytest.raises(ValueError, match="mode"):
        rs.train_deep_classifier(X, y, 2, "dense", np.random.default_rng(0))
