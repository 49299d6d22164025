"""snippets.mlp: the dense layer and two-layer net, gradient-checked against their forward passes."""
import numpy as np
import pytest

from snippets import mlp
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.losses import softmax_cross_entropy

RNG = np.random.default_rng(0)


def test_linear_backward_matches_central_differences():
    X, W, b = RNG.normal(size=(5, 4)), RNG.normal(size=(4, 3)), RNG.normal(size=3)
    dout = RNG.normal(size=(5, 3))
    out, cache = mlp.linear_forward(X, W, b)
    np.testing.assert_allclose(out, X @ W + b)
    dX, dW, db = mlp.linear_backward(dout, cache)
    for arr, grad in ((X, dX), (W, dW), (b, db)):
        num = numerical_gradient(lambda _: np.sum(mlp.linear_forward(X, W, b)[0] * dout), arr)
        assert relative_error(grad, num) < 1e-7


def test_two_layer_backward_matches_central_differences():
    N, D, H, C = 6, 4, 5, 3
    p = mlp.init_two_layer(D, H, C, RNG)
    p["b1"] += 0.1  # keep pre-activations away from the ReLU kink
    X, y = RNG.normal(size=(N, D)), RNG.integers(0, C, size=N)

    def loss():
        return softmax_cross_entropy(mlp.two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])[0], y)[0]

    scores, cache = mlp.two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    assert np.min(np.abs(cache[2])) > 1e-4
    grads = mlp.two_layer_backward(softmax_cross_entropy(scores, y)[1], cache)
    assert set(grads) == {"W1", "b1", "W2", "b2", "X"}
    for name, arr in list(p.items()) + [("X", X)]:
        assert relative_error(grads[name], numerical_gradient(lambda _: loss(), arr)) < 1e-7, name


def test_float32_stays_float32():
    p = {k: v.astype(np.float32) for k, v in mlp.init_two_layer(3, 4, 2, RNG).items()}
    X = RNG.normal(size=(5, 3)).astype(np.float32)
    scores, cache = mlp.two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    grads = mlp.two_layer_backward(np.ones_like(scores), cache)
    assert scores.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())


def test_init_scales():
    rng = np.random.default_rng(0)
    p = mlp.init_two_layer(500, 400, 300, rng)
    assert np.std(p["W1"]) == pytest.approx(np.sqrt(2 / 500), rel=0.02)
    assert np.std(mlp.init_two_layer(500, 400, 300, rng, init="xavier")["W1"]) == pytest.approx(np.sqrt(2 / 900), rel=0.02)
    z = mlp.init_two_layer(3, 4, 2, rng, init="zeros", bias=-1.0)
    assert not z["W1"].any() and (z["b1"] == -1).all() and not z["b2"].any()


def test_bad_input():
    p = mlp.init_two_layer(3, 4, 2, RNG)
    with pytest.raises(ValueError, match="do not chain"):
        mlp.two_layer_forward(np.zeros((5, 2)), p["W1"], p["b1"], p["W2"], p["b2"])
    with pytest.raises(TypeError, match="X must be a floating-point"):
        mlp.linear_forward([[1.0]], np.zeros((1, 1)), np.zeros(1))
    with pytest.raises(ValueError, match="dscores must have shape"):
        _, cache = mlp.two_layer_forward(np.zeros((5, 3)), p["W1"], p["b1"], p["W2"], p["b2"])
        mlp.two_layer_backward(np.zeros((5, 3)), cache)
    with pytest.raises(ValueError, match="init must be one of"):
        mlp.init_two_layer(3, 4, 2, RNG, init="orthogonal")
    with pytest.raises(ValueError, match="H must be a positive int"):
        mlp.init_two_layer(3, 0, 2, RNG)
    with pytest.raises(TypeError, match="rng"):
        mlp.init_two_layer(3, 4, 2, 0)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    p = mlp.init_two_layer(4, 6, 3, RNG)
    X, dscores = RNG.normal(size=(7, 4)), RNG.normal(size=(7, 3))
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    tX = torch.tensor(X, requires_grad=True)
    ts = torch.relu(tX @ tp["W1"] + tp["b1"]) @ tp["W2"] + tp["b2"]
    ts.backward(torch.tensor(dscores))
    scores, cache = mlp.two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    grads = mlp.two_layer_backward(dscores, cache)
    np.testing.assert_allclose(scores, ts.detach().numpy(), rtol=1e-12)
    for k in p:
        np.testing.assert_allclose(grads[k], tp[k].grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(grads["X"], tX.grad.numpy(), rtol=1e-10, atol=1e-14)


def _sigmoid_net(rng, N=5, D=3, H=4, K=2):
    p = mlp.init_two_layer(D, H, K, rng, init="xavier")
    p["b1"] = rng.normal(size=H)
    p["b2"] = rng.normal(size=K)
    return p, rng.normal(size=(N, D)), rng.uniform(size=(N, K))


def test_sigmoid_net_forward_matches_definition():
    rng = np.random.default_rng(0)
    p, X, _ = _sigmoid_net(rng)
    Y, _ = mlp.sigmoid_net_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    s = lambda z: 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(Y, s(s(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]), rtol=1e-14)


def test_sigmoid_net_backward_matches_central_differences():
    rng = np.random.default_rng(0)
    p, X, T = _sigmoid_net(rng)

    def loss():
        Y, _ = mlp.sigmoid_net_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
        return 0.5 * np.sum((Y - T) ** 2) / len(X)

    Y, cache = mlp.sigmoid_net_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    grads = mlp.sigmoid_net_backward((Y - T) / len(X), cache)
    assert set(grads) == {"W1", "b1", "W2", "b2"}
    for name, arr in p.items():
        assert grads[name].shape == arr.shape
        assert relative_error(grads[name], numerical_gradient(lambda _: loss(), arr)) < 1e-7, name


def test_sigmoid_net_bad_input():
    rng = np.random.default_rng(0)
    p, X, T = _sigmoid_net(rng)
    with pytest.raises(ValueError, match="do not chain"):
        mlp.sigmoid_net_forward(X[:, :2], p["W1"], p["b1"], p["W2"], p["b2"])
    Y, cache = mlp.sigmoid_net_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    with pytest.raises(ValueError, match="dY must have shape"):
        mlp.sigmoid_net_backward(np.zeros((5, 3)), cache)


def test_sigmoid_net_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    rng = np.random.default_rng(0)
    p, X, T = _sigmoid_net(rng)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    tY = torch.sigmoid(torch.sigmoid(torch.tensor(X) @ tp["W1"] + tp["b1"]) @ tp["W2"] + tp["b2"])
    (0.5 * ((tY - torch.tensor(T)) ** 2).sum() / len(X)).backward()
    Y, cache = mlp.sigmoid_net_forward(X, p["W1"], p["b1"], p["W2"], p["b2"])
    grads = mlp.sigmoid_net_backward((Y - T) / len(X), cache)
    for k in p:
        np.testing.assert_allclose(grads[k], tp[k].grad.numpy(), rtol=1e-10, atol=1e-14)
