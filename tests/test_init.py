"""snippets.init: variances and bounds of torch.nn.init for (fan_in, fan_out) weights."""
import math

import numpy as np
import pytest

from snippets import init as I


def test_variances_match_the_formulas():
    rng = np.random.default_rng(0)
    shape, (fi, fo) = (400, 300), (400, 300)
    cases = [
        (I.xavier_uniform(shape, rng), 2 / (fi + fo), math.sqrt(6 / (fi + fo))),
        (I.xavier_uniform(shape, rng, gain=5 / 3), (5 / 3) ** 2 * 2 / (fi + fo), 5 / 3 * math.sqrt(6 / (fi + fo))),
        (I.xavier_normal(shape, rng), 2 / (fi + fo), None),
        (I.kaiming_uniform(shape, rng), 2 / fi, math.sqrt(6 / fi)),
        (I.kaiming_normal(shape, rng), 2 / fi, None),
        (I.kaiming_normal(shape, rng, mode="fan_out", nonlinearity="relu"), 2 / fo, None),
    ]
    for w, var, bound in cases:
        assert w.shape == shape
        assert w.var() == pytest.approx(var, rel=0.02)
        assert abs(w.mean()) < 0.01 * math.sqrt(var) * 10
        if bound is not None:
            assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound


def test_gains():
    assert I.calculate_gain("relu") == math.sqrt(2)
    assert I.calculate_gain("tanh") == 5 / 3
    assert I.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert I.calculate_gain("sigmoid") == 1.0


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"shape must be \(fan_in, fan_out\)"):
        I.xavier_uniform((3,), rng)
    with pytest.raises(TypeError, match="rng"):
        I.kaiming_normal((3, 4), None)
    with pytest.raises(ValueError, match="mode"):
        I.kaiming_uniform((3, 4), rng, mode="fan_avg")
    with pytest.raises(ValueError, match="nonlinearity"):
        I.calculate_gain("gelu")


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    # torch's Linear weight is (fan_out, fan_in): compare variances on the transposed layout
    t = torch.empty(300, 400, dtype=torch.float64)
    rng = np.random.default_rng(0)
    for mine, theirs in ((I.xavier_uniform, torch.nn.init.xavier_uniform_), (I.kaiming_uniform, torch.nn.init.kaiming_uniform_),
                         (I.xavier_normal, torch.nn.init.xavier_normal_), (I.kaiming_normal, torch.nn.init.kaiming_normal_)):
        torch.manual_seed(0)
        assert mine((400, 300), rng).var() == pytest.approx(theirs(t).var().item(), rel=0.03)
    assert I.calculate_gain("leaky_relu", 0.3) == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", 0.3))
    assert I.calculate_gain("tanh") == torch.nn.init.calculate_gain("tanh")


def test_xavier_variance_argument_forward_and_backward():
    """Var(x W) = n_in Var(w) Var(x) forward, Var(g W^T) = n_out Var(w) Var(g) backward."""
    rng = np.random.default_rng(0)
    n_in, n_out = 300, 100
    x, g = rng.normal(size=(2000, n_in)), rng.normal(size=(2000, n_out))
    W = I.xavier_normal((n_in, n_out), rng)
    assert (x @ W).var() == pytest.approx(n_in * 2 / (n_in + n_out), rel=0.05)    # 1.5: forward grows
    assert (g @ W.T).var() == pytest.approx(n_out * 2 / (n_in + n_out), rel=0.05)  # 0.5: backward shrinks
    W = I.kaiming_normal((n_in, 3000), rng)               # many columns: the ReLU mean makes columns differ
    h = np.maximum(x, 0)                                  # E[h^2] = Var(x) / 2 for symmetric x
    assert np.mean((h @ W) ** 2) == pytest.approx(1.0, rel=0.05)  # He: E[z^2] preserved through ReLU


def test_zero_and_constant_init_keep_hidden_units_identical():
    from snippets.mlp import sigmoid_net_backward, sigmoid_net_forward
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(16, 3)), rng.uniform(size=(16, 2))
    W1, b1, W2, b2 = np.zeros((3, 5)), np.zeros(5), np.zeros((5, 2)), np.zeros(2)
    for step in range(3):
        Y, cache = sigmoid_net_forward(X, W1, b1, W2, b2)
        g = sigmoid_net_backward((Y - T) / len(X), cache)
        if step == 0:
            assert not g["W1"].any() and g["W2"].any()    # first step: only the output layer moves
        else:
            assert g["W1"].any()                          # later: hidden weights get gradients ...
        np.testing.assert_array_equal(g["W1"], g["W1"][:, :1].repeat(5, axis=1))  # ... identical per unit
        for p, k in ((W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2")):
            p -= 1.0 * g[k]
    np.testing.assert_array_equal(W1, W1[:, :1].repeat(5, axis=1))
