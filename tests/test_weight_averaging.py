"""snippets.weight_averaging: the EMA update and the EMA run."""
import numpy as np
import pytest

from snippets.data import make_moons, train_val_split
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD
from snippets.train import PARAM_KEYS
from snippets.weight_averaging import ema_update, train_with_ema


def test_ema_update_formula_and_closed_form():
    avg = {"w": np.array([0.0, 10.0])}
    ema_update(avg, {"w": np.array([1.0, 0.0])}, 0.9)
    np.testing.assert_allclose(avg["w"], [0.1, 9.0], rtol=1e-15)
    # constant input c for t steps from a0: a_t = c + (a0 - c) * decay^t
    avg = {"w": np.zeros(1)}
    for _ in range(20):
        ema_update(avg, {"w": np.ones(1)}, 0.8)
    np.testing.assert_allclose(avg["w"], 1 - 0.8 ** 20, rtol=1e-12)


def test_ema_smooths_a_high_lr_run():
    rng = np.random.default_rng(0)
    X, y = make_moons(400, rng, noise=0.25)
    data = train_val_split(X, y, 0.5, rng)
    p = init_two_layer(2, 32, 2, rng)
    r = train_with_ema(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=0.3, momentum=0.9), steps=600,
                       batch_size=8, decay=0.98, rng=rng)
    assert r["step"].shape == r["val_raw"].shape == r["val_ema"].shape == (60,)
    assert r["val_ema"][-30:].std() < 0.5 * r["val_raw"][-30:].std()
    assert r["val_ema"][-30:].mean() < r["val_raw"][-30:].mean()


def test_bad_input():
    with pytest.raises(ValueError, match="decay"):
        ema_update({"w": np.zeros(2)}, {"w": np.zeros(2)}, 1.0)
    with pytest.raises(ValueError, match="avg"):
        ema_update({"w": np.zeros(3)}, {"w": np.zeros(2)}, 0.5)
    rng = np.random.default_rng(0)
    p = init_two_layer(2, 4, 2, rng)
    data = (np.zeros((4, 2)), np.zeros(4, int), np.zeros((4, 2)), np.zeros(4, int))
    with pytest.raises(ValueError, match="eval_every"):
        train_with_ema(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS]), steps=1, batch_size=2, decay=0.5, rng=rng,
                       eval_every=0)
    with pytest.raises(TypeError, match="rng"):
        train_with_ema(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS]), steps=1, batch_size=2, decay=0.5, rng=0)
