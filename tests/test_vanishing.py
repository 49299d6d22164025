"""snippets.vanishing: per-layer forward/backward signal of a deep stack, and the init that keeps it."""
import numpy as np
import pytest

from snippets.vanishing import activation_gradient_norms, layer_gradient_norms, pre_activation_stds


def _X():
    return np.random.default_rng(0).normal(size=(256, 128))


def test_layer_gradient_norms_matches_a_direct_backward():
    X = _X()
    g = layer_gradient_norms(X, 3, "tanh", "xavier", np.random.default_rng(1))
    rng = np.random.default_rng(1)  # replay the same draws by hand
    Ws = [rng.normal(0.0, np.sqrt(2 / 256), size=(128, 128)) for _ in range(3)]
    hs = [X]
    for W in Ws:
        hs.append(np.tanh(hs[-1] @ W))
    dh = rng.normal(size=hs[-1].shape)
    expected = []
    for l in (2, 1, 0):
        dz = dh * (1 - hs[l + 1] ** 2)
        expected.append(np.linalg.norm(hs[l].T @ dz))
        dh = dz @ Ws[l].T
    np.testing.assert_allclose(g, expected[::-1], rtol=1e-12)


def test_gradients_are_a_product_of_per_layer_factors():
    # linear stack: dL/dh_{l-1} = dL/dh_l W_l^T, so the log-norm falls on a straight line
    X = _X()
    naive = activation_gradient_norms(X, 10, "linear", "naive", np.random.default_rng(1))
    ratios = naive[:-1] / naive[1:]
    np.testing.assert_allclose(ratios, 0.01 * np.sqrt(128), rtol=0.05)  # std * sqrt(width) per layer


def test_xavier_and_he_keep_the_forward_variance():
    X = _X()
    lin = pre_activation_stds(X, 20, "linear", "xavier", np.random.default_rng(1))
    np.testing.assert_allclose(lin, 1.0, rtol=0.1)   # fan_in = fan_out: Var(w) = 1 / n
    he = pre_activation_stds(X, 20, "relu", "he", np.random.default_rng(1))
    np.testing.assert_allclose(he, np.sqrt(2), rtol=0.35)   # first layer sqrt(2), then preserved
    assert 0.7 < he[-1] / he[1] < 1.4
    relu_xavier = pre_activation_stds(X, 20, "relu", "xavier", np.random.default_rng(1))
    per_layer = (relu_xavier[-1] / relu_xavier[0]) ** (1 / 19)   # geometric mean of the per-layer std ratio
    assert per_layer == pytest.approx(np.sqrt(0.5), rel=0.05)      # ReLU halves E[h^2], Xavier does not undo it


def test_gradient_ratios_across_depth():
    X = _X()
    sig = activation_gradient_norms(X, 20, "sigmoid", "xavier", np.random.default_rng(1))
    assert sig[0] / sig[-1] < 1e-10          # sigmoid's f' <= 1/4 per layer: vanishing
    he = activation_gradient_norms(X, 20, "relu", "he", np.random.default_rng(1))
    assert 0.5 < he[0] / he[-1] < 2          # He + ReLU: preserved
    big = activation_gradient_norms(X, 20, "relu", "standard", np.random.default_rng(1))
    assert big[0] / big[-1] > 1e15           # N(0, 1) with width 128: exploding


def test_bad_input():
    rng = np.random.default_rng(0)
    for fn in (layer_gradient_norms, pre_activation_stds, activation_gradient_norms):
        with pytest.raises(ValueError, match="activation must be one of"):
            fn(np.ones((2, 3)), 2, "gelu", "he", rng)
        with pytest.raises(ValueError, match="init must be one of"):
            fn(np.ones((2, 3)), 2, "relu", "orthogonal", rng)
        with pytest.raises(ValueError, match=r"X must have shape \(N, D\)"):
            fn(np.ones(3), 2, "relu", "he", rng)
        with pytest.raises(ValueError, match="depth must be a positive int"):
            fn(np.ones((2, 3)), 0, "relu", "he", rng)
        with pytest.raises(TypeError, match="rng must be a np.random.Generator"):
            fn(np.ones((2, 3)), 2, "relu", "he", 0)


def test_deep_mlp_gradcheck():
    from snippets.gradcheck import numerical_gradient, relative_error
    from snippets.vanishing import deep_mlp_loss_and_grads, init_deep_mlp
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    for activation in ("sigmoid", "tanh", "relu", "linear"):
        params = init_deep_mlp([3, 5, 4, 3], "xavier", rng)
        params = [(W, b + 0.1 * rng.normal(size=b.shape)) for W, b in params]
        _, grads = deep_mlp_loss_and_grads(params, X, y, activation)
        for (W, b), (dW, db) in zip(params, grads):
            for arr, g in ((W, dW), (b, db)):
                num = numerical_gradient(lambda _: deep_mlp_loss_and_grads(params, X, y, activation)[0], arr)
                assert relative_error(g, num) < 1e-7, activation


def test_init_deep_mlp_and_bad_input():
    from snippets.vanishing import deep_mlp_loss_and_grads, init_deep_mlp
    rng = np.random.default_rng(0)
    params = init_deep_mlp([400, 300, 10], "he", rng)
    assert [W.shape for W, _ in params] == [(400, 300), (300, 10)] and not params[0][1].any()
    assert params[0][0].var() == pytest.approx(2 / 400, rel=0.02)
    with pytest.raises(ValueError, match="init must be one of"):
        init_deep_mlp([2, 3], "lecun", rng)
    with pytest.raises(ValueError, match="sizes must hold at least two positive ints"):
        init_deep_mlp([2], "he", rng)
    with pytest.raises(TypeError, match="rng must be"):
        init_deep_mlp([2, 3], "he", None)
    with pytest.raises(ValueError, match="activation must be one of"):
        deep_mlp_loss_and_grads(params, np.ones((1, 400)), np.zeros(1, dtype=int), "gelu")
    with pytest.raises(ValueError, match=r"params\[1\] must be \(W"):
        deep_mlp_loss_and_grads([params[0], (params[1][0], np.zeros(3))], np.ones((1, 400)), np.zeros(1, dtype=int), "relu")
    with pytest.raises(TypeError, match="params must be a non-empty list"):
        deep_mlp_loss_and_grads([], np.ones((1, 400)), np.zeros(1, dtype=int), "relu")
