"""snippets.margin_losses: cosine logits, CosFace/ArcFace margins and center loss, gradient-checked."""
import numpy as np
import pytest

from snippets import margin_losses as M
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def _data(rng, N=6, D=4, C=5):
    return rng.normal(size=(N, D)), rng.normal(size=(D, C)), rng.integers(0, C, size=N)


def test_cosine_logits_value_and_gradient():
    X, W, _ = _data(RNG)
    cos, cache = M.cosine_logits(X, W)
    ref = (X @ W) / np.outer(np.linalg.norm(X, axis=1), np.linalg.norm(W, axis=0))
    np.testing.assert_allclose(cos, ref, rtol=1e-13)
    dcos = RNG.normal(size=cos.shape)
    dX, dW = M.cosine_logits_backward(dcos, cache)
    for arr, grad in ((X, dX), (W, dW)):
        num = numerical_gradient(lambda _: np.sum(M.cosine_logits(X, W)[0] * dcos), arr)
        assert relative_error(grad, num) < 1e-7
    # scale invariance: the gradient is orthogonal to each feature vector
    np.testing.assert_allclose(np.sum(dX * X, axis=1), 0, atol=1e-12)


@pytest.mark.parametrize("margin, m", [("softmax", 0.0), ("cosface", 0.35), ("arcface", 0.5)])
def test_margin_softmax_loss_gradient(margin, m):
    X, W, y = _data(RNG)
    loss, g = M.margin_softmax_loss(X, W, y, margin=margin, s=8.0, m=m)
    for name, arr in (("X", X), ("W", W)):
        num = numerical_gradient(lambda _: M.margin_softmax_loss(X, W, y, margin=margin, s=8.0, m=m)[0], arr)
        assert relative_error(g[name], num) < 1e-7, name


def test_margin_values():
    cos = np.array([[0.8, 0.1], [-0.95, 0.3]])
    y = np.array([0, 0])
    lc, dc = M.cosface_logits(cos, y, s=10.0, m=0.35)
    np.testing.assert_allclose(lc, [[10 * (0.8 - 0.35), 1.0], [10 * (-0.95 - 0.35), 3.0]], rtol=1e-14)
    assert np.all(dc == 10.0)
    la, da = M.arcface_logits(cos, y, s=10.0, m=0.5)
    assert la[0, 0] == pytest.approx(10 * np.cos(np.arccos(0.8) + 0.5), rel=1e-13)
    # theta = arccos(-0.95) > pi - 0.5: the fallback cos - m sin m keeps the logit decreasing in theta
    assert la[1, 0] == pytest.approx(10 * (-0.95 - 0.5 * np.sin(0.5)), rel=1e-13)
    assert la[0, 1] == 1.0 and la[1, 1] == 3.0
    # the elementwise derivative, checked by central differences on the target entries
    h = 1e-6
    for row in range(2):
        up, dn = cos.copy(), cos.copy()
        up[row, 0] += h
        dn[row, 0] -= h
        num = (M.arcface_logits(up, y, 10.0, 0.5)[0][row, 0] - M.arcface_logits(dn, y, 10.0, 0.5)[0][row, 0]) / (2 * h)
        assert da[row, 0] == pytest.approx(num, rel=1e-7)
    # every margin lowers the true class's logit: a harder target to win
    assert la[0, 0] < 10 * 0.8 and lc[0, 0] < 10 * 0.8


def test_center_loss_and_update():
    feats, _, y = _data(RNG, N=8, D=3, C=3)
    centers = RNG.normal(size=(3, 3))
    loss, d = M.center_loss(feats, y, centers, lam=0.3)
    assert loss == pytest.approx(0.15 * sum(np.sum((feats[n] - centers[y[n]]) ** 2) for n in range(8)), rel=1e-13)
    num = numerical_gradient(lambda _: M.center_loss(feats, y, centers, lam=0.3)[0], feats)
    assert relative_error(d, num) < 1e-7
    new = M.update_centers(centers, feats, y, alpha=1.0)
    for j in range(3):
        members = feats[y == j]
        expect = centers[j] - (len(members) * centers[j] - members.sum(0)) / (1 + len(members))
        np.testing.assert_allclose(new[j], expect, rtol=1e-13)
    # an absent class does not move; updates pull centres toward their features
    only0 = np.zeros(8, dtype=int)
    assert np.array_equal(M.update_centers(centers, feats, only0)[1:], centers[1:])
    assert M.center_loss(feats, y, new)[0] < M.center_loss(feats, y, centers)[0]


def test_bad_input():
    X, W, y = _data(RNG)
    with pytest.raises(ValueError, match="do not chain"):
        M.cosine_logits(X, W[:3])
    with pytest.raises(TypeError, match="X must be a floating-point"):
        M.cosine_logits(X.tolist(), W)
    cos, cache = M.cosine_logits(X, W)
    with pytest.raises(ValueError, match="dcos must have shape"):
        M.cosine_logits_backward(cos[:, :2], cache)
    with pytest.raises(ValueError, match="y must be"):
        M.cosface_logits(cos, y[:2])
    with pytest.raises(TypeError, match="y must hold integer"):
        M.arcface_logits(cos, y.astype(float))
    with pytest.raises(ValueError, match="s must be positive"):
        M.arcface_logits(cos, y, s=0.0)
    with pytest.raises(ValueError, match="m must be in"):
        M.cosface_logits(cos, y, m=-0.1)
    with pytest.raises(ValueError, match="margin must be one of"):
        M.margin_softmax_loss(X, W, y, margin="sphereface")
    with pytest.raises(ValueError, match="must share D"):
        M.center_loss(X, y, np.zeros((5, 3)))
    with pytest.raises(ValueError, match="lam"):
        M.center_loss(X, y, np.zeros((5, 4)), lam=-1)
    with pytest.raises(ValueError, match="alpha"):
        M.update_centers(np.zeros((5, 4)), X, y, alpha=0.0)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    F = torch.nn.functional
    X, W, y = _data(RNG)
    s, m = 16.0, 0.5
    tX, tW = torch.tensor(X, requires_grad=True), torch.tensor(W, requires_grad=True)
    cos = F.normalize(tX, dim=1) @ F.normalize(tW, dim=0)
    onehot = F.one_hot(torch.tensor(y), W.shape[1]).bool()
    sin = torch.sqrt(torch.clamp(1 - cos ** 2, min=1e-12))
    phi = torch.where(cos > np.cos(np.pi - m), cos * np.cos(m) - sin * np.sin(m), cos - m * np.sin(m))
    ref = F.cross_entropy(s * torch.where(onehot, phi, cos), torch.tensor(y))
    ref.backward()
    loss, g = M.margin_softmax_loss(X, W, y, margin="arcface", s=s, m=m)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(g["X"], tX.grad.numpy(), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(g["W"], tW.grad.numpy(), rtol=1e-9, atol=1e-14)
