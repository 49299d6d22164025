"""snippets.lr_batch: the LR range test and Adam's noisy early step scale, bad input."""
import numpy as np
import pytest

from snippets.data import make_spirals
from snippets.lr_batch import adam_effective_lr, lr_range_test
from snippets.mlp import init_two_layer


def test_lr_range_test_ramps_and_stops_when_the_loss_blows_up():
    rng = np.random.default_rng(0)
    X, y = make_spirals(300, rng)
    p = init_two_layer(2, 32, 3, rng)
    lrs, losses = lr_range_test(p, X, y, rng, min_lr=1e-3, max_lr=1e3, num_steps=200)
    assert len(lrs) == len(losses) and 10 < len(lrs) < 200  # it stopped early: lr reached the blow-up zone
    np.testing.assert_allclose(lrs[1:] / lrs[:-1], (1e6) ** (1 / 199), rtol=1e-12)
    assert lrs[0] == pytest.approx(1e-3)
    assert losses.min() < 0.9 * losses[0]  # it learned somewhere in the middle of the ramp


def test_adam_effective_lr_is_one_over_abs_g_at_step_one_and_settles():
    rng = np.random.default_rng(0)
    g = rng.normal(size=(300, 4000))
    e = adam_effective_lr(g)
    np.testing.assert_allclose(e[0], 1 / np.abs(g[0]), rtol=1e-12)
    # by hand: v_hat_t = (1 - b2) sum_s b2^(t-s) g_s^2 / (1 - b2^t)
    b2, t = 0.999, 50
    w = (1 - b2) * b2 ** np.arange(t - 1, -1, -1) / (1 - b2 ** t)
    np.testing.assert_allclose(e[t - 1], 1 / np.sqrt(w @ g[:t] ** 2), rtol=1e-10)
    spread = [np.percentile(e[t - 1], 95) / np.percentile(e[t - 1], 5) for t in (1, 10, 100, 300)]
    assert spread[0] > 20 and spread[1] < 3 and spread[2] < 1.4 and spread[3] < 1.25
    assert all(a > b for a, b in zip(spread, spread[1:]))


def test_bad_input():
    rng = np.random.default_rng(0)
    X, y = make_spirals(30, rng)
    p = init_two_layer(2, 4, 3, rng)
    with pytest.raises(TypeError, match="rng must be"):
        lr_range_test(p, X, y, 0)
    with pytest.raises(ValueError, match="X and y"):
        lr_range_test(p, X, y[:-1], rng)
    with pytest.raises(ValueError, match="max_lr must exceed"):
        lr_range_test(p, X, y, rng, min_lr=1.0, max_lr=0.1)
    with pytest.raises(ValueError, match="grads must be"):
        adam_effective_lr(np.zeros(5))


def _least_squares(seed=0, N=200):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, 2)) * np.array([3.0, 0.6])
    y = X @ np.array([1.0, -2.0]) + 0.5 * rng.normal(size=N)
    return X, y, np.linalg.lstsq(X, y, rcond=None)[0], rng


def test_least_squares_grads_match_central_differences_and_vanish_on_average_at_the_minimum():
    from snippets.gradcheck import numerical_gradient, relative_error
    from snippets.lr_batch import least_squares_grads
    X, y, w_star, _ = _least_squares()
    w = np.array([0.3, -0.7])
    for i in (0, 5, 77):
        num = numerical_gradient(lambda v: 0.5 * float((X[i] @ v - y[i]) ** 2), w.copy())
        assert relative_error(least_squares_grads(w, X, y)[i], num) < 1e-7
    G = least_squares_grads(w_star, X, y)
    assert np.linalg.norm(G.mean(axis=0)) < 1e-12 and np.linalg.norm(G, axis=1).mean() > 0.5


def test_least_squares_sgd_bounces_with_constant_lr_and_settles_with_averaging_or_decay():
    from snippets.lr_batch import least_squares_sgd
    X, y, w_star, rng = _least_squares()
    far = {}
    for lr in (0.04, 0.01):
        path = least_squares_sgd(X, y, w_star, lr, 3000, rng)
        far[lr] = np.mean(np.sum((path[500:] - w_star) ** 2, axis=1))
        assert np.sum((path[500:].mean(axis=0) - w_star) ** 2) < 0.2 * far[lr]  # averaging helps
    assert 3.5 < far[0.04] / far[0.01] < 6.5  # the spread grows roughly in proportion to lr
    gd = least_squares_sgd(X, y, np.array([-1.0, 0.5]), 0.2, 300, rng, batch_size=len(y))
    np.testing.assert_allclose(gd[-1], w_star, atol=1e-6)  # full batch: plain GD converges exactly
    decayed = least_squares_sgd(X, y, w_star + 0.5, 0.04, 3000, rng, lr_schedule=lambda t: 0.04 * 50 / (50 + t))
    assert np.sum((decayed[-1] - w_star) ** 2) < 0.2 * far[0.04]


def test_least_squares_bad_input():
    from snippets.lr_batch import least_squares_grads, least_squares_sgd
    X, y, w_star, rng = _least_squares(N=10)
    with pytest.raises(ValueError, match="need X"):
        least_squares_grads(w_star, X, y[:-1])
    with pytest.raises(TypeError, match="rng must be"):
        least_squares_sgd(X, y, w_star, 0.1, 5, None)
    with pytest.raises(ValueError, match="steps must be"):
        least_squares_sgd(X, y, w_star, 0.1, 0, rng)
