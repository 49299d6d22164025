"""snippets.normalization: BatchNorm/LayerNorm/weight norm vs definitions, gradient checks, torch semantics."""
import numpy as np
import pytest

from snippets import normalization as nz
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def _bn(x, gamma, beta, training=True):
    rm, rv = np.zeros(x.shape[1]), np.ones(x.shape[1])
    return nz.batchnorm_forward(x, gamma, beta, rm, rv, training=training)


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_backward(training):
    N, C = 5, 3
    x, gamma, beta = RNG.normal(size=(N, C)) * 2 + 1, RNG.normal(size=C), RNG.normal(size=C)
    dout = RNG.normal(size=(N, C))
    _, cache = _bn(x, gamma, beta, training)
    dx, dgamma, dbeta = nz.batchnorm_backward(dout, cache)
    for arr, grad in ((x, dx), (gamma, dgamma), (beta, dbeta)):
        num = numerical_gradient(lambda _: np.sum(_bn(x, gamma, beta, training)[0] * dout), arr)
        assert relative_error(grad, num) < 1e-7


def test_batchnorm_training_statistics_and_running_buffers():
    x = RNG.normal(size=(8, 4)) * 3 + 2
    rm, rv = np.zeros(4), np.ones(4)
    out, _ = nz.batchnorm_forward(x, np.ones(4), np.zeros(4), rm, rv, training=True)
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(0), x.var(0) / (x.var(0) + 1e-5), rtol=1e-12)  # biased var normalises
    np.testing.assert_allclose(rm, 0.1 * x.mean(0), rtol=1e-12)                       # updated in place
    np.testing.assert_allclose(rv, 0.9 + 0.1 * x.var(0, ddof=1), rtol=1e-12)          # unbiased var stored
    out_eval, _ = nz.batchnorm_forward(x[:1], np.ones(4), np.zeros(4), rm, rv, training=False)
    np.testing.assert_allclose(out_eval, (x[:1] - rm) / np.sqrt(rv + 1e-5), rtol=1e-12)


def test_layernorm_backward_any_leading_shape():
    x = RNG.normal(size=(2, 3, 4)) * 2
    gamma, beta, dout = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=(2, 3, 4))
    out, cache = nz.layernorm_forward(x, gamma, beta)
    np.testing.assert_allclose(((out - beta) / gamma).mean(-1), 0, atol=1e-12)
    dx, dgamma, dbeta = nz.layernorm_backward(dout, cache)
    for arr, grad in ((x, dx), (gamma, dgamma), (beta, dbeta)):
        num = numerical_gradient(lambda _: np.sum(nz.layernorm_forward(x, gamma, beta)[0] * dout), arr)
        assert relative_error(grad, num) < 1e-7


def test_weight_norm_and_backward():
    v, g, dw = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=(4, 3))
    w = nz.weight_norm(v, g)
    np.testing.assert_allclose(np.linalg.norm(w, axis=0), np.abs(g), rtol=1e-12)
    dv, dg = nz.weight_norm_backward(dw, v, g)
    for arr, grad in ((v, dv), (g, dg)):
        assert relative_error(grad, numerical_gradient(lambda _: np.sum(nz.weight_norm(v, g) * dw), arr)) < 1e-7
    np.testing.assert_allclose(np.sum(dv * v, axis=0), 0, atol=1e-12)  # gradient orthogonal to v


def test_bad_input():
    c = np.ones(3)
    with pytest.raises(ValueError, match="x must have shape"):
        nz.batchnorm_forward(np.ones((2, 3, 4)), c, c, c.copy(), c.copy(), training=True)
    with pytest.raises(ValueError, match="gamma must have shape"):
        nz.batchnorm_forward(np.ones((2, 3)), np.ones(2), c, c.copy(), c.copy(), training=True)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nz.batchnorm_forward(np.ones((1, 3)), c, c, c.copy(), c.copy(), training=True)
    with pytest.raises(ValueError, match="momentum"):
        nz.batchnorm_forward(np.ones((2, 3)), c, c, c.copy(), c.copy(), training=True, momentum=1.5)
    with pytest.raises(TypeError, match="running_mean must be a floating-point"):
        nz.batchnorm_forward(np.ones((2, 3)), c, c, [0, 0, 0], c.copy(), training=True)
    with pytest.raises(ValueError, match="gamma and beta must have shape"):
        nz.layernorm_forward(np.ones((2, 3)), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="eps"):
        nz.layernorm_forward(np.ones((2, 3)), c, c, eps=0)
    with pytest.raises(ValueError, match="non-zero"):
        nz.weight_norm(np.zeros((2, 3)), c)
    with pytest.raises(ValueError, match="dout must have shape"):
        nz.layernorm_backward(np.ones((2, 2)), nz.layernorm_forward(np.ones((2, 3)), c, c)[1])


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    F = torch.nn.functional
    x, gamma, beta = RNG.normal(size=(6, 3)), RNG.normal(size=3), RNG.normal(size=3)
    dout = RNG.normal(size=(6, 3))
    rm, rv = RNG.normal(size=3), RNG.uniform(0.5, 2, size=3)
    trm, trv = torch.tensor(rm), torch.tensor(rv)
    for training in (True, False):
        tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gamma, beta))
        ref = F.batch_norm(tx, trm, trv, tg, tb, training=training, momentum=0.1, eps=1e-5)
        ref.backward(torch.tensor(dout))
        out, cache = nz.batchnorm_forward(x, gamma, beta, rm, rv, training=training)
        np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(rm, trm.numpy(), rtol=1e-12)
        np.testing.assert_allclose(rv, trv.numpy(), rtol=1e-12)
        for mine, t in zip(nz.batchnorm_backward(dout, cache), (tx, tg, tb)):
            np.testing.assert_allclose(mine, t.grad.numpy(), rtol=1e-9, atol=1e-12)
    x3 = RNG.normal(size=(2, 5, 3))
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x3, gamma, beta))
    ref = F.layer_norm(tx, (3,), tg, tb, eps=1e-5)
    d3 = RNG.normal(size=x3.shape)
    ref.backward(torch.tensor(d3))
    out, cache = nz.layernorm_forward(x3, gamma, beta)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    for mine, t in zip(nz.layernorm_backward(d3, cache), (tx, tg, tb)):
        np.testing.assert_allclose(mine, t.grad.numpy(), rtol=1e-9, atol=1e-12)
    # weight norm: torch's Linear weight is (out, in) with dim=0 -> our (in, out) columns
    v, g = RNG.normal(size=(4, 3)), RNG.normal(size=3)
    tw = torch._weight_norm(torch.tensor(v.T), torch.tensor(g[:, None]), 0)
    np.testing.assert_allclose(nz.weight_norm(v, g), tw.numpy().T, rtol=1e-12)


def test_batchnorm_fold_matches_eval_batchnorm():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    ref, _ = nz.batchnorm_forward(X @ W + b, gamma, beta, rm.copy(), rv.copy(), training=False)
    W_f, b_f = nz.batchnorm_fold(W, b, gamma, beta, rm, rv)
    np.testing.assert_allclose(X @ W_f + b_f, ref, rtol=1e-12, atol=1e-12)


def test_rmsnorm_forward():
    rng = np.random.default_rng(0)
    x, gamma = rng.normal(size=(2, 3, 5)) * 3 + 1, rng.normal(size=5)
    out = nz.rmsnorm_forward(x, gamma, eps=1e-12)
    np.testing.assert_allclose(np.sqrt(np.mean((out / gamma) ** 2, axis=-1)), 1.0, rtol=1e-9)
    # Not mean-centred, unlike LayerNorm: on zero-mean rows the two agree (gamma scaled, beta = 0).
    xc = x - x.mean(-1, keepdims=True)
    ln, _ = nz.layernorm_forward(xc, gamma, np.zeros(5), eps=1e-12)
    np.testing.assert_allclose(nz.rmsnorm_forward(xc, gamma, eps=1e-12), ln, rtol=1e-9)


def test_rmsnorm_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x, gamma = rng.normal(size=(4, 6)), rng.normal(size=6)
    ref = torch.nn.functional.rms_norm(torch.tensor(x), (6,), torch.tensor(gamma), eps=1e-6).numpy()
    np.testing.assert_allclose(nz.rmsnorm_forward(x, gamma), ref, rtol=1e-12)


def test_batchnorm_output_noise():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, 4))
    small = nz.batchnorm_output_noise(x, 4, 300, rng)
    large = nz.batchnorm_output_noise(x, 256, 300, rng)
    assert small.shape == (4,) and np.all(small > 3 * large)
    # batch size 2: the output is always +-1 (up to eps), whatever the batch-mate
    two = np.stack([x[:1].repeat(3, 0), x[1:4]], axis=1)  # (3, 2, C) batches holding sample 0
    y = (x[0] - two.mean(1)) / np.sqrt(two.var(1) + 1e-5)
    np.testing.assert_allclose(np.abs(y), 1.0, atol=1e-2)  # |d| / sqrt(d^2 + eps)


def test_new_functions_bad_input():
    c = np.ones(3)
    with pytest.raises(ValueError, match="W must have shape"):
        nz.batchnorm_fold(np.ones(3), c, c, c, c, c)
    with pytest.raises(ValueError, match="running_var must have shape"):
        nz.batchnorm_fold(np.ones((2, 3)), c, c, c, c, np.ones(2))
    with pytest.raises(TypeError, match="b must be a floating-point"):
        nz.batchnorm_fold(np.ones((2, 3)), [0, 0, 0], c, c, c, c)
    with pytest.raises(ValueError, match="gamma must have shape"):
        nz.rmsnorm_forward(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError, match="eps"):
        nz.rmsnorm_forward(np.ones((2, 3)), c, eps=-1.0)
    with pytest.raises(ValueError, match="batch_size"):
        nz.batchnorm_output_noise(np.ones((5, 3)), 6, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="x_pool must have shape"):
        nz.batchnorm_output_noise(np.ones(5), 2, 10, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        nz.batchnorm_output_noise(np.ones((5, 3)), 2, 10, 0)
