"""snippets.train: the loop's gradients, that it learns, its history, divergence handling, bad input."""
import numpy as np
import pytest

from snippets.data import make_spirals, train_val_split
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD, Adam
from snippets.train import PARAM_KEYS, evaluate, fit, loss_and_grads, predict


def _setup(seed=0, n=300, H=32):
    rng = np.random.default_rng(seed)
    X, y = make_spirals(n, rng)
    return init_two_layer(2, H, 3, rng), train_val_split(X, y, 0.2, rng), rng


@pytest.mark.parametrize("kw", [{}, {"dropout_p": 0.3}, {"l1": 0.01, "l2": 0.1}])
def test_loss_and_grads_match_central_differences(kw):
    p, (X, y, _, _), _ = _setup(H=6)
    p["b1"] += 0.05
    X, y = X[:8], y[:8]

    def loss():  # a fresh generator with the same seed: the same dropout mask every call
        return loss_and_grads(p, X, y, rng=np.random.default_rng(5), **kw)[0]

    _, grads = loss_and_grads(p, X, y, rng=np.random.default_rng(5), **kw)
    for k, g in zip(PARAM_KEYS, grads):
        # L1's kink at 0 is never hit: weights are continuous random numbers
        assert relative_error(g, numerical_gradient(lambda _: loss(), p[k])) < 1e-7, k


def test_fit_learns_spirals_and_records_history():
    p, data, rng = _setup()
    opt = SGD([p[k] for k in PARAM_KEYS], lr=0.5, momentum=0.9)
    hist = fit(p, data, optimizer=opt, epochs=30, batch_size=32, rng=rng,
               lr_schedule=lambda s: 0.5 if s < 100 else 0.2, clip_norm=5.0)
    assert len(hist["train_loss"]) == 31 and len(hist["step_loss"]) == 30 * 8
    assert hist["train_loss"][-1] < 0.3 * hist["train_loss"][0]
    assert hist["val_acc"][-1] > 0.85 and hist["diverged_at_step"] is None
    assert hist["lr"][99] == 0.5 and hist["lr"][100] == 0.2
    assert evaluate(p, data[0], data[1])[1] == np.mean(predict(p, data[0]) == data[1])


def test_fit_is_deterministic():
    results = []
    for _ in range(2):
        p, data, rng = _setup()
        fit(p, data, optimizer=Adam([p[k] for k in PARAM_KEYS], lr=0.01), epochs=3, batch_size=16, rng=rng, dropout_p=0.2)
        results.append(p["W1"].copy())
    np.testing.assert_array_equal(*results)


def test_divergence_stops_cleanly():
    p, data, rng = _setup()
    p["W1"] *= 1e200  # the squared gradient norm already overflows on the first update
    hist = fit(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=1.0), epochs=5, batch_size=32, rng=rng)
    assert hist["diverged_at_step"] == 0 and hist["step_loss"] == []


def test_bad_input():
    p, data, rng = _setup()
    opt = SGD([p[k] for k in PARAM_KEYS], lr=0.1)
    with pytest.raises(ValueError, match="optimizer must be built over"):
        fit(p, data, optimizer=SGD([p["W1"].copy()], lr=0.1), epochs=1, batch_size=8, rng=rng)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        fit(p, data, optimizer=opt, epochs=1, batch_size=0, rng=rng)
    with pytest.raises(ValueError, match="data must be"):
        fit(p, data[:2], optimizer=opt, epochs=1, batch_size=8, rng=rng)
    with pytest.raises(ValueError, match="dropout_p"):
        fit(p, data, optimizer=opt, epochs=1, batch_size=8, rng=rng, dropout_p=1.0)
    with pytest.raises(ValueError, match="missing"):
        fit({"W1": p["W1"]}, data, optimizer=opt, epochs=1, batch_size=8, rng=rng)
