"""snippets.debugging: ln C at init, overfitting a tiny batch, the reported train loss, per-unit statistics."""
import numpy as np
import pytest

from snippets.data import make_spirals
from snippets.debugging import (epoch_mean_step_loss, expected_initial_loss, overfit_tiny_batch, train_val_gap_run,
                                unit_statistics)
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.losses import softmax_cross_entropy
from snippets.mlp import init_two_layer
from snippets.optimizers import Adam
from snippets.train import PARAM_KEYS, loss_and_grads


def test_expected_initial_loss_is_the_loss_of_zero_logits():
    for C in (2, 3, 10):
        loss, _ = softmax_cross_entropy(np.zeros((5, C)), np.arange(5) % C)
        assert expected_initial_loss(C) == pytest.approx(loss, rel=1e-12)
    assert expected_initial_loss(10) == pytest.approx(2.302585, abs=1e-6)


def test_overfit_tiny_batch_reaches_zero_and_a_dead_net_cannot():
    rng = np.random.default_rng(0)
    X, y = make_spirals(300, rng)
    X, y = X[:16], y[:16]
    p = init_two_layer(2, 64, 3, rng)
    losses = overfit_tiny_batch(p, X, y, optimizer=Adam([p[k] for k in PARAM_KEYS], lr=3e-2), steps=200, rng=rng)
    assert losses.shape == (201,) and losses[-1] < 1e-2
    dead = init_two_layer(2, 64, 3, rng, bias=-10.0)
    losses = overfit_tiny_batch(dead, X, y, optimizer=Adam([dead[k] for k in PARAM_KEYS], lr=3e-2), steps=200, rng=rng)
    # every unit dead: the net is a constant b2, whose best loss is the entropy of the label frequencies
    freq = np.bincount(y, minlength=3) / len(y)
    assert losses[-1] == pytest.approx(-np.sum(freq * np.log(freq)), rel=1e-3)


def test_epoch_mean_step_loss():
    np.testing.assert_allclose(epoch_mean_step_loss([1.0, 3.0, 2.0, 4.0], 2), [2.0, 3.0], rtol=1e-15)


def test_train_val_gap_run_dropout_puts_reported_train_loss_above_val():
    r = train_val_gap_run(dropout_p=0.5, epochs=10)
    assert r["train_reported"].shape == r["val"].shape == (10,)
    assert np.all(r["train_reported"] > r["val"])
    assert np.all(r["train_eval"][3:] < r["val"][3:])


def test_unit_statistics_delta_is_dL_dz1():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    p = init_two_layer(4, 5, 3, rng, bias=0.1)
    Z = X @ p["W1"] + p["b1"]

    def f(Z):
        return softmax_cross_entropy(np.maximum(Z, 0) @ p["W2"] + p["b2"], y)[0]

    num = numerical_gradient(f, Z.copy())
    s = unit_statistics(p, X, y)
    assert relative_error(s["err"], np.linalg.norm(num, axis=0)) < 1e-7
    _, grads = loss_and_grads(p, X, y)
    np.testing.assert_allclose(s["grad_in"], np.linalg.norm(grads[0], axis=0), rtol=1e-12)
    np.testing.assert_allclose(s["grad_out"], np.linalg.norm(grads[2], axis=1), rtol=1e-12)
    np.testing.assert_allclose(s["act"], np.maximum(Z, 0).mean(0), rtol=1e-12)


def test_unit_statistics_flags_a_unit_with_huge_outgoing_weights():
    rng = np.random.default_rng(0)
    X, y = make_spirals(90, rng)
    p = init_two_layer(2, 16, 3, rng)
    p["W2"][5] *= 50.0
    err = unit_statistics(p, X, y)["err"]
    assert np.argmax(err) == 5 and err[5] > 10 * np.median(err)


def test_bad_input():
    with pytest.raises(ValueError, match="num_classes"):
        expected_initial_loss(1)
    with pytest.raises(ValueError, match="steps_per_epoch"):
        epoch_mean_step_loss([1.0, 2.0], 0)
    with pytest.raises(ValueError, match="step_loss"):
        epoch_mean_step_loss([1.0, 2.0, 3.0], 2)
    rng = np.random.default_rng(0)
    p = init_two_layer(2, 4, 2, rng)
    with pytest.raises(ValueError, match="tiny batch"):
        overfit_tiny_batch(p, np.zeros((300, 2)), np.zeros(300, int), optimizer=Adam([p[k] for k in PARAM_KEYS]),
                           steps=1, rng=rng)
    with pytest.raises(ValueError, match="X"):
        unit_statistics(p, np.zeros(3), np.zeros(3, int))
    with pytest.raises(ValueError, match="batch_size"):
        train_val_gap_run(dropout_p=0.5, epochs=1, batch_size=7)
