"""snippets.training_process: early stopping stops, restores the best weights, and matches a plain fit run."""
import numpy as np
import pytest

from snippets.data import make_moons, train_val_split
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD, Adam
from snippets.schedules import step_lr
from snippets.train import PARAM_KEYS, evaluate, fit
from snippets.training_process import fit_with_early_stopping


def _setup(seed=0, n=120, noise=0.35, H=64):
    rng = np.random.default_rng(seed)
    X, y = make_moons(n, rng, noise=noise)
    data = train_val_split(X, y, 0.5, rng)
    params = init_two_layer(2, H, 2, rng)
    return data, params, rng


def test_same_trajectory_as_one_fit_call():
    data, p1, rng1 = _setup()
    h1 = fit(p1, data, optimizer=Adam([p1[k] for k in PARAM_KEYS], lr=1e-2), epochs=15, batch_size=16, rng=rng1)
    data, p2, rng2 = _setup()
    h2 = fit_with_early_stopping(p2, data, optimizer=Adam([p2[k] for k in PARAM_KEYS], lr=1e-2), max_epochs=15,
                                 patience=100, batch_size=16, rng=rng2)
    np.testing.assert_allclose(h2["val_loss"], h1["val_loss"], rtol=1e-12)
    np.testing.assert_allclose(h2["train_acc"], h1["train_acc"], rtol=1e-12)
    assert h2["stopped_epoch"] == 15 and not h2["diverged"]


def test_stops_after_patience_and_restores_best_weights():
    data, p, rng = _setup()
    h = fit_with_early_stopping(p, data, optimizer=Adam([p[k] for k in PARAM_KEYS], lr=2e-2), max_epochs=300,
                                patience=10, batch_size=8, rng=rng)
    best = h["best_epoch"]
    assert best == int(np.argmin(h["val_loss"]))
    assert h["stopped_epoch"] == best + 10 < 300
    assert len(h["val_loss"]) == h["stopped_epoch"] + 1
    np.testing.assert_allclose(evaluate(p, data[2], data[3])[0], h["val_loss"][best], rtol=1e-12)


def test_schedule_keeps_counting_across_epochs():
    data, p, rng = _setup(n=40)  # 20 training points, batch 10: 2 steps per epoch
    opt = SGD([p[k] for k in PARAM_KEYS], lr=0.1)
    seen = []

    def schedule(step):
        seen.append(step)
        return step_lr(step, 0.1, step_size=3)

    fit_with_early_stopping(p, data, optimizer=opt, max_epochs=3, patience=10, batch_size=10, rng=rng, lr_schedule=schedule)
    assert seen == list(range(6))


def test_divergence_restores_finite_weights():
    data, p, rng = _setup()
    initial = {k: v.copy() for k, v in p.items()}
    h = fit_with_early_stopping(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=1e100), max_epochs=20,
                                patience=5, batch_size=16, rng=rng)
    assert h["diverged"] and h["stopped_epoch"] == 1 and h["best_epoch"] == 0
    for k in PARAM_KEYS:  # nothing better than the start was seen: the initial weights come back
        np.testing.assert_array_equal(p[k], initial[k])


def test_bad_input():
    data, p, rng = _setup()
    opt = SGD([p[k] for k in PARAM_KEYS], lr=0.1)
    with pytest.raises(ValueError, match="patience"):
        fit_with_early_stopping(p, data, optimizer=opt, max_epochs=5, patience=0, batch_size=16, rng=rng)
    with pytest.raises(ValueError, match="max_epochs"):
        fit_with_early_stopping(p, data, optimizer=opt, max_epochs=2.5, patience=3, batch_size=16, rng=rng)
    with pytest.raises(ValueError, match="batch_size"):
        fit_with_early_stopping(p, data, optimizer=opt, max_epochs=5, patience=3, batch_size=0, rng=rng)
