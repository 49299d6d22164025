"""snippets.dead_relu: the detection rule, that dead units get no gradient, and the tracking loop."""
import numpy as np
import pytest

from snippets.data import make_spirals, train_val_split
from snippets.dead_relu import dead_fraction, dead_units, fit_tracking_dead, inactive_fraction_per_unit
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD
from snippets.train import PARAM_KEYS, fit, loss_and_grads


def _setup(seed=0, bias=0.0, H=50):
    rng = np.random.default_rng(seed)
    X, y = make_spirals(300, rng)
    data = train_val_split(X, y, 0.3, rng)
    return data, init_two_layer(2, H, 3, rng, bias=bias), rng


def test_inactive_fraction_counts_zero_outputs_including_exact_zero():
    Z = np.array([[1.0, 0.0, -2.0], [-1.0, 0.0, -3.0], [2.0, 0.0, 5.0], [-0.5, 0.0, -1.0]])
    np.testing.assert_allclose(inactive_fraction_per_unit(Z), [0.5, 1.0, 0.75], rtol=0, atol=0)


def test_dead_units_match_the_rule_and_get_zero_gradients():
    data, p, _ = _setup(bias=-1.0)
    X, y = data[0], data[1]
    dead = dead_units(p, X)
    Z = X @ p["W1"] + p["b1"]
    np.testing.assert_array_equal(dead, np.all(Z <= 0, axis=0))
    assert 0.2 < dead.mean() < 0.8
    assert dead_fraction(p, X) == pytest.approx(dead.mean(), abs=0)
    _, (dW1, db1, dW2, db2) = loss_and_grads(p, X, y)
    assert np.all(dW1[:, dead] == 0) and np.all(db1[dead] == 0) and np.all(dW2[dead] == 0)
    assert np.all(np.abs(db1[~dead]) + np.abs(dW1[:, ~dead]).sum(0) > 0)


def test_dead_units_stay_dead_under_plain_sgd():
    data, p, rng = _setup(bias=-1.0)
    before = dead_units(p, data[0])
    W1 = p["W1"].copy()
    fit(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=0.1), epochs=3, batch_size=32, rng=rng)
    np.testing.assert_array_equal(p["W1"][:, before], W1[:, before])
    assert np.all(dead_units(p, data[0])[before])


def test_tracking_matches_plain_fit_and_large_lr_kills_units():
    data, p1, rng1 = _setup()
    h1 = fit(p1, data, optimizer=SGD([p1[k] for k in PARAM_KEYS], lr=0.1, momentum=0.9), epochs=4, batch_size=32,
             rng=rng1)
    data, p2, rng2 = _setup()
    h2 = fit_tracking_dead(p2, data, optimizer=SGD([p2[k] for k in PARAM_KEYS], lr=0.1, momentum=0.9), epochs=4,
                           batch_size=32, rng=rng2)
    np.testing.assert_allclose(h2["val_loss"], h1["val_loss"], rtol=1e-12)
    np.testing.assert_allclose(h2["step_loss"], h1["step_loss"], rtol=1e-12)
    assert len(h2["dead_fraction"]) == 5 and h2["dead_fraction"][-1] == 0.0
    data, p3, rng3 = _setup()
    h3 = fit_tracking_dead(p3, data, optimizer=SGD([p3[k] for k in PARAM_KEYS], lr=2.0, momentum=0.9), epochs=10,
                           batch_size=32, rng=rng3)
    assert h3["dead_fraction"][0] == 0.0 and h3["dead_fraction"][-1] > 0.5


def test_divergence_stops_tracking():
    data, p, rng = _setup()
    h = fit_tracking_dead(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=1e200), epochs=5, batch_size=32, rng=rng)
    assert h["diverged_at_step"] is not None and len(h["dead_fraction"]) < 6


def test_bad_input():
    data, p, rng = _setup()
    with pytest.raises(ValueError, match="Z"):
        inactive_fraction_per_unit(np.zeros(3))
    with pytest.raises(ValueError, match="X"):
        dead_units(p, np.zeros((4, 5)))
    with pytest.raises(ValueError, match="W1"):
        dead_units({"b1": p["b1"]}, data[0])
    with pytest.raises(ValueError, match="epochs"):
        fit_tracking_dead(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS]), epochs=0, batch_size=8, rng=rng)
    with pytest.raises(ValueError, match="lr_schedule"):
        fit_tracking_dead(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS]), epochs=1, batch_size=8, rng=rng,
                          lr_schedule=lambda s: 0.1)
