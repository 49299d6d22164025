"""snippets.regularization: penalties and their gradients, soft-threshold, proximal L1 SGD, early stopping."""
import numpy as np
import pytest

from snippets.gradcheck import numerical_gradient, relative_error
from snippets.optimizers import SGD
from snippets.regularization import (ProximalL1SGD, early_stopping, l1_penalty, l2_norm_penalty, l2_penalty,
                                     mc_dropout_predict, moons_experiment, soft_threshold)


@pytest.mark.parametrize("penalty", [l1_penalty, l2_penalty, l2_norm_penalty])
def test_penalty_gradients_match_central_differences(penalty):
    W = np.random.default_rng(0).normal(size=(5, 4))  # no entry near 0, where |w| has its kink
    _, grad = penalty(W, 0.3)
    assert relative_error(grad, numerical_gradient(lambda w: penalty(w, 0.3)[0], W)) < 1e-7


def test_penalty_values():
    W = np.array([[3.0, -4.0], [0.0, 0.0]])
    assert l1_penalty(W, 0.5)[0] == pytest.approx(3.5)
    assert l2_penalty(W, 0.5)[0] == pytest.approx(0.25 * 25)
    assert l2_norm_penalty(W, 0.5)[0] == pytest.approx(2.5)
    np.testing.assert_allclose(l1_penalty(W, 0.5)[1], [[0.5, -0.5], [0.0, 0.0]], atol=0)
    np.testing.assert_allclose(l2_penalty(W, 0.5)[1], 0.5 * W, atol=0)
    np.testing.assert_allclose(l2_norm_penalty(W, 0.5)[1], 0.5 * W / 5.0, rtol=1e-15)


def test_unsquared_norm_gradient_has_constant_size_and_zero_subgradient_at_origin():
    rng = np.random.default_rng(0)
    for scale in (1e-6, 1.0, 1e6):
        _, g = l2_norm_penalty(scale * rng.normal(size=10), 0.7)
        assert np.linalg.norm(g) == pytest.approx(0.7, rel=1e-12)
    value, g = l2_norm_penalty(np.zeros(3), 0.7)
    assert value == 0.0 and np.all(g == 0.0)


def test_l2_matches_sgd_weight_decay():
    rng = np.random.default_rng(0)
    w1, grad = rng.normal(size=6), rng.normal(size=6)
    w2 = w1.copy()
    SGD([w1], lr=0.1).step([grad + l2_penalty(w1, 0.01)[1]])
    SGD([w2], lr=0.1, weight_decay=0.01).step([grad])
    np.testing.assert_allclose(w1, w2, rtol=1e-15)


def test_soft_threshold_is_the_proximal_operator():
    w = np.array([-2.0, -0.3, 0.0, 0.1, 0.5, 3.0])
    np.testing.assert_allclose(soft_threshold(w, 0.5), [-1.5, 0.0, 0.0, 0.0, 0.0, 2.5], atol=0)
    # prox(v) = argmin_w 0.5 (w - v)^2 + t |w|, checked by brute force on a grid
    grid = np.linspace(-4, 4, 80001)
    for v in w:
        best = grid[np.argmin(0.5 * (grid - v) ** 2 + 0.5 * np.abs(grid))]
        assert soft_threshold(np.array([v]), 0.5)[0] == pytest.approx(best, abs=1e-4)


def test_proximal_sgd_makes_exact_zeros_and_subgradient_does_not():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(20, 3)) * 0.05, np.zeros(3)
    prox = ProximalL1SGD([W, b], lr=0.1, l1=0.5, penalize=[True, False])
    for _ in range(5):
        prox.step([np.zeros_like(W), np.ones_like(b)])
    assert np.all(W == 0.0) and np.all(b == -0.5)  # shrunk to exactly 0; biases untouched
    V = rng.normal(size=(20, 3)) * 0.05
    sub = SGD([V], lr=0.1)
    for _ in range(50):
        sub.step([l1_penalty(V, 0.5)[1]])
    assert np.count_nonzero(V == 0.0) == 0 and np.abs(V).max() <= 0.05  # hovers around 0, never lands


def test_early_stopping_patience_and_min_delta():
    v = [1.0, 0.8, 0.7, 0.69, 0.695, 0.71, 0.72, 0.5]
    assert early_stopping(v, patience=3) == (6, 3)
    assert early_stopping(v, patience=3, min_delta=0.05) == (5, 2)  # 0.69 is not a 0.05 improvement
    assert early_stopping(v, patience=10) == (None, 7)
    assert early_stopping([1.0], patience=1) == (None, 0)


def test_mc_dropout_averages_thinned_networks():
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(2, 8)), "b1": np.zeros(8), "W2": rng.normal(size=(8, 3)), "b2": np.zeros(3)}
    X = rng.normal(size=(5, 2))
    mean, std = mc_dropout_predict(params, X, 0.5, rng, samples=50)
    np.testing.assert_allclose(mean.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(std > 0)
    mean0, std0 = mc_dropout_predict(params, X, 0.0, rng, samples=3)
    assert np.all(std0 == 0)


def test_moons_experiment_is_reproducible_and_proximal_l1_is_sparse():
    p1, h1 = moons_experiment(epochs=5)
    p2, h2 = moons_experiment(epochs=5)
    assert h1["val_loss"] == h2["val_loss"] and len(h1["val_loss"]) == 6
    params, _ = moons_experiment(optimizer="sgd", lr=0.2, l1=5e-3, epochs=30)
    assert np.count_nonzero(params["W1"] == 0.0) > 0


def test_bad_input():
    with pytest.raises(ValueError, match="lam must be a non-negative number"):
        l1_penalty(np.ones(2), -1.0)
    with pytest.raises(TypeError, match="W must be a floating-point"):
        l2_penalty(np.ones(2, dtype=int), 0.1)
    with pytest.raises(TypeError, match="W must be a floating-point"):
        l2_norm_penalty(np.ones(2, dtype=int), 0.1)
    with pytest.raises(ValueError, match="lam must be"):
        soft_threshold(np.ones(2), True)
    with pytest.raises(ValueError, match="penalize must have one flag per param"):
        ProximalL1SGD([np.ones(2)], lr=0.1, l1=0.1, penalize=[True, False])
    with pytest.raises(ValueError, match="patience must be a positive int"):
        early_stopping([1.0, 2.0], patience=0)
    with pytest.raises(ValueError, match="min_delta must be a non-negative"):
        early_stopping([1.0, 2.0], patience=1, min_delta=-0.1)
    with pytest.raises(ValueError, match="val_losses must be a non-empty 1-D"):
        early_stopping([], patience=1)
    with pytest.raises(ValueError, match="samples must be a positive int"):
        mc_dropout_predict({"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 2)), "b2": np.zeros(2)},
                           np.ones((1, 2)), 0.5, np.random.default_rng(0), samples=0)
    with pytest.raises(ValueError, match="l1_mode must be"):
        moons_experiment(l1_mode="lasso")
    with pytest.raises(ValueError, match="optimizer must be"):
        moons_experiment(optimizer="rmsprop")
    with pytest.raises(ValueError, match="needs optimizer='sgd'"):
        moons_experiment(l1=1e-3)
