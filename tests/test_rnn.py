"""snippets.rnn: BPTT gradient-checked, the state Jacobian as a product, repeated products, clipping run."""
import numpy as np
import pytest

from snippets.gradcheck import numerical_gradient, relative_error
from snippets.rnn import (RNN_KEYS, first_input_task, hidden_gradient_norms, matrix_with_spectral_radius, repeated_matmul_norms,
                          rnn_backward, rnn_forward, rnn_regression_loss, state_jacobian, train_rnn)


def _setup(rng, N=3, T=5, D=2, H=4):
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), rng.normal(size=(H, D)) * 0.7,
            rng.normal(size=(H, H)) * 0.5, rng.normal(size=H) * 0.1)


def test_rnn_backward_gradcheck():
    rng = np.random.default_rng(0)
    X, h0, W_ih, W_hh, b = _setup(rng)
    hs, cache = rnn_forward(X, h0, W_ih, W_hh, b)
    dhs = rng.normal(size=hs.shape)
    grads = rnn_backward(dhs, cache)
    f = lambda _: np.sum(rnn_forward(X, h0, W_ih, W_hh, b)[0] * dhs)  # noqa: E731
    for name, arr in (("X", X), ("h0", h0), ("W_ih", W_ih), ("W_hh", W_hh), ("b", b)):
        assert relative_error(grads[name], numerical_gradient(f, arr)) < 1e-7, name


def test_forward_is_the_recurrence():
    rng = np.random.default_rng(0)
    X, h0, W_ih, W_hh, b = _setup(rng)
    hs, _ = rnn_forward(X, h0, W_ih, W_hh, b)
    h = h0
    for t in range(X.shape[1]):
        h = np.stack([np.tanh(W_ih @ X[n, t] + W_hh @ h[n] + b) for n in range(len(h))])  # column form
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-12)


def test_state_jacobian_is_the_product_and_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, h0, W_ih, W_hh, b = _setup(rng, N=2)
    hs, cache = rnn_forward(X, h0, W_ih, W_hh, b)
    J = state_jacobian(cache, n=1)
    num = np.empty_like(J)
    for i in range(J.shape[0]):  # row i: gradient of h_T[i] with respect to h_0 of sequence 1
        num[i] = numerical_gradient(lambda _: rnn_forward(X, h0, W_ih, W_hh, b)[0][1, -1, i], h0)[1]
    assert relative_error(J, num) < 1e-7
    # and the gradient that BPTT sends to h_0 is J^T applied to dL/dh_T
    dh_T = rng.normal(size=(2, 4))
    dhs = np.zeros_like(hs)
    dhs[:, -1] = dh_T
    np.testing.assert_allclose(rnn_backward(dhs, cache)["h0"][1], J.T @ dh_T[1], rtol=1e-10)
    norms = hidden_gradient_norms(cache, dh_T)
    assert norms.shape == (X.shape[1] + 1,)
    np.testing.assert_allclose(norms[0], np.linalg.norm(rnn_backward(dhs, cache)["h0"]), rtol=1e-12)
    np.testing.assert_allclose(norms[-1], np.linalg.norm(dh_T), rtol=1e-12)


def test_repeated_products_follow_the_spectral_radius():
    rng = np.random.default_rng(0)
    for rho in (0.9, 1.1):
        W = matrix_with_spectral_radius(64, rho, rng)
        assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(rho)
        n = repeated_matmul_norms(W, rng.normal(size=64), 200)
        assert (n[200] / n[100]) ** (1 / 100) == pytest.approx(rho, rel=0.02)
    Q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    np.testing.assert_allclose(repeated_matmul_norms(0.5 * Q, np.ones(8), 3), np.sqrt(8) * 0.5 ** np.arange(4))


def test_regression_loss_gradcheck():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 6, 1))
    y = rng.normal(size=4)
    params = {"W_ih": rng.normal(size=(3, 1)), "W_hh": rng.normal(size=(3, 3)) * 0.5, "b": rng.normal(size=3) * 0.1,
              "w": rng.normal(size=3), "c": np.array(0.3)}
    _, grads = rnn_regression_loss(params, X, y)
    for k in RNN_KEYS:
        num = numerical_gradient(lambda _: rnn_regression_loss(params, X, y)[0], params[k])
        assert relative_error(grads[k], num) < 1e-7, k


def test_clipping_rescues_the_high_lr_run():
    from snippets.figures.gradients_init import clipping_runs
    runs = clipping_runs()
    assert runs[None]["diverged_at_step"] is not None          # unclipped: the gradient norm runs away
    assert max(runs[None]["grad_norm"]) > 1e100
    clipped = runs[1.0]
    assert clipped["diverged_at_step"] is None and len(clipped["loss"]) == 200
    assert np.mean(clipped["loss"][-20:]) < 0.5 * np.mean(clipped["loss"][:20])


def test_bad_input():
    rng = np.random.default_rng(0)
    X, h0, W_ih, W_hh, b = _setup(rng)
    with pytest.raises(ValueError, match="X must have 3 dimensions"):
        rnn_forward(X[0], h0, W_ih, W_hh, b)
    with pytest.raises(ValueError, match="shapes do not chain"):
        rnn_forward(X, h0, W_ih, W_hh[:, :2], b)
    with pytest.raises(TypeError, match="h0 must be a floating-point"):
        rnn_forward(X, h0.astype(int), W_ih, W_hh, b)
    hs, cache = rnn_forward(X, h0, W_ih, W_hh, b)
    with pytest.raises(ValueError, match="dhs must have shape"):
        rnn_backward(hs[:, :2], cache)
    with pytest.raises(ValueError, match="n must be a sequence index"):
        state_jacobian(cache, n=3)
    with pytest.raises(ValueError, match="dh_T must have shape"):
        hidden_gradient_norms(cache, np.ones(4))
    with pytest.raises(ValueError, match="radius must be positive"):
        matrix_with_spectral_radius(3, 0.0, rng)
    with pytest.raises(ValueError, match="n must be a positive int"):
        matrix_with_spectral_radius(0, 1.0, rng)
    with pytest.raises(TypeError, match="rng must be"):
        matrix_with_spectral_radius(3, 1.0, 0)
    with pytest.raises(ValueError, match="W must be square and match v"):
        repeated_matmul_norms(np.ones((2, 3)), np.ones(2), 3)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        repeated_matmul_norms(np.eye(2), np.ones(2), 0)
    params = {"W_ih": W_ih, "W_hh": W_hh, "b": b, "w": np.ones(4), "c": np.array(0.0)}
    with pytest.raises(ValueError, match=r"y must have shape \(3,\)"):
        rnn_regression_loss(params, X, np.ones(4))
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        train_rnn(params, X, np.ones(3), lr=0.1, steps=1, batch_size=0, rng=rng)
    with pytest.raises(TypeError, match="rng must be"):
        train_rnn(params, X, np.ones(3), lr=0.1, steps=1, batch_size=1, rng=None)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    rng = np.random.default_rng(0)
    X, h0, W_ih, W_hh, b = _setup(rng)
    rnn = torch.nn.RNN(2, 4, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_ih))
        rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b))
        rnn.bias_hh_l0.zero_()
    out, _ = rnn(torch.tensor(X), torch.tensor(h0)[None])
    np.testing.assert_allclose(rnn_forward(X, h0, W_ih, W_hh, b)[0], out.detach().numpy(), rtol=1e-12)


def test_first_input_task():
    X, y, params = first_input_task(np.random.default_rng(0), 8, 5, 4)
    assert X.shape == (8, 5, 1) and np.array_equal(y, X[:, 0, 0])
    np.testing.assert_allclose(np.linalg.svd(params["W_hh"], compute_uv=False), 1.0, rtol=1e-12)
    with pytest.raises(ValueError, match="T must be a positive int"):
        first_input_task(np.random.default_rng(0), 8, 0, 4)
