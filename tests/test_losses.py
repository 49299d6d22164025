"""snippets.losses: values against definitions, gradient checks, stability at extreme logits, bad input."""
import numpy as np
import pytest

from snippets import losses as L
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def _check_grad(loss_fn, x, *args, **kw):
    num = numerical_gradient(lambda z: loss_fn(z, *args, **kw)[0], x)
    assert relative_error(loss_fn(x, *args, **kw)[1], num) < 1e-7


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_softmax_cross_entropy_gradient(smoothing):
    logits = RNG.normal(size=(6, 4)) * 3
    y = RNG.integers(0, 4, size=6)
    _check_grad(L.softmax_cross_entropy, logits, y, label_smoothing=smoothing)


def test_softmax_cross_entropy_value():
    logits = RNG.normal(size=(5, 3))
    y = np.array([0, 2, 1, 1, 0])
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    loss, d = L.softmax_cross_entropy(logits, y)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=1e-14)
    np.testing.assert_allclose(d, (p - np.eye(3)[y]) / 5, rtol=1e-12, atol=1e-15)
    # uniform logits: loss = log C; label smoothing toward uniform cannot lower it
    assert L.softmax_cross_entropy(np.zeros((2, 10)), np.array([3, 4]))[0] == pytest.approx(np.log(10))


@pytest.mark.parametrize("fn, kw", [(L.binary_cross_entropy_with_logits, {}), (L.mse, {}), (L.l1_loss, {}),
                                    (L.huber_loss, {"delta": 0.7})], ids=lambda v: getattr(v, "__name__", ""))
def test_elementwise_losses_gradient(fn, kw):
    pred = RNG.normal(size=(4, 3))
    target = RNG.uniform(0, 1, size=(4, 3)) if fn is L.binary_cross_entropy_with_logits else RNG.normal(size=(4, 3))
    # keep away from the kinks of |d| and of huber's switch point
    d = pred - target
    pred = np.where(np.abs(d) < 1e-3, pred + 0.01, pred)
    pred = np.where(np.abs(np.abs(pred - target) - 0.7) < 1e-3, pred + 0.01, pred)
    _check_grad(fn, pred, target, **kw)


def test_elementwise_values():
    z = np.array([-3.0, 0.0, 2.0])
    t = np.array([0.0, 1.0, 1.0])
    s = 1 / (1 + np.exp(-z))
    assert L.binary_cross_entropy_with_logits(z, t)[0] == pytest.approx(
        -np.mean(t * np.log(s) + (1 - t) * np.log(1 - s)), rel=1e-14)
    assert L.mse(z, t)[0] == pytest.approx(np.mean((z - t) ** 2))
    assert L.l1_loss(z, t)[0] == pytest.approx(np.mean(np.abs(z - t)))
    d = z - t  # -3, -1, 1 with delta 1.5: linear, quadratic, quadratic
    assert L.huber_loss(z, t, delta=1.5)[0] == pytest.approx(np.mean([1.5 * (3 - 0.75), 0.5, 0.5]))
    assert L.l1_loss(np.ones(2), np.ones(2))[1].tolist() == [0.0, 0.0]  # sign(0) = 0, as torch


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_stable_for_extreme_logits(dtype):
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is harmless
        loss, d = L.softmax_cross_entropy(logits, np.array([1, 0]))
        bl, bd = L.binary_cross_entropy_with_logits(np.array([1e4, -1e4, 1e4], dtype=dtype),
                                                    np.array([0.0, 1.0, 1.0], dtype=dtype))
    assert np.isfinite(loss) and np.all(np.isfinite(d)) and d.dtype == dtype
    assert loss == pytest.approx((2e4 + np.log(3)) / 2, rel=1e-6)  # exact: -log p = 2e4; second row log 3
    assert bl == pytest.approx(2e4 / 3, rel=1e-6) and np.all(np.isfinite(bd))


def test_bad_input():
    with pytest.raises(ValueError, match="logits"):
        L.softmax_cross_entropy(np.zeros(3), np.array([0]))
    with pytest.raises(ValueError, match="y must be class ids"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="y must have shape"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0]))
    with pytest.raises(TypeError, match="y must hold integer"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="label_smoothing"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1]), label_smoothing=1.5)
    with pytest.raises(ValueError, match="same shape"):
        L.mse(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="targets must lie in"):
        L.binary_cross_entropy_with_logits(np.zeros(2), np.array([0.0, 2.0]))
    with pytest.raises(TypeError, match="pred must be an array of real numbers"):
        L.mse(np.array(["a"]), np.zeros(1))
    with pytest.raises(ValueError, match="delta"):
        L.huber_loss(np.zeros(2), np.zeros(2), delta=0)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    F = torch.nn.functional
    logits = RNG.normal(size=(8, 5)) * 4
    y = RNG.integers(0, 5, size=8)
    for eps in (0.0, 0.2):
        t = torch.tensor(logits, requires_grad=True)
        ref = F.cross_entropy(t, torch.tensor(y), label_smoothing=eps)
        ref.backward()
        loss, d = L.softmax_cross_entropy(logits, y, label_smoothing=eps)
        assert loss == pytest.approx(ref.item(), rel=1e-12)
        np.testing.assert_allclose(d, t.grad.numpy(), rtol=1e-10, atol=1e-15)
    z, tgt = RNG.normal(size=(3, 4)) * 5, RNG.uniform(size=(3, 4))
    pred = RNG.normal(size=(3, 4)) * 2
    cases = [(L.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits, z, tgt, {}),
             (L.mse, F.mse_loss, pred, tgt, {}), (L.l1_loss, F.l1_loss, pred, tgt, {}),
             (L.huber_loss, F.huber_loss, pred, tgt, {"delta": 0.5})]
    for mine, theirs, a, b, kw in cases:
        ta = torch.tensor(a, requires_grad=True)
        ref = theirs(ta, torch.tensor(b), **kw)
        ref.backward()
        loss, d = mine(a, b, **kw)
        assert loss == pytest.approx(ref.item(), rel=1e-12)
        np.testing.assert_allclose(d, ta.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_sigmoid_mse_value_and_gradient():
    z, t = RNG.normal(size=(4, 3)) * 3, RNG.uniform(size=(4, 3))
    s = 1 / (1 + np.exp(-z))
    assert L.sigmoid_mse(z, t)[0] == pytest.approx(np.mean((s - t) ** 2), rel=1e-14)
    _check_grad(L.sigmoid_mse, z, t)
    # saturated and wrong: BCE's gradient stays ~ -1/n, MSE's vanishes
    _, g_mse = L.sigmoid_mse(np.array([-20.0]), np.array([1.0]))
    _, g_bce = L.binary_cross_entropy_with_logits(np.array([-20.0]), np.array([1.0]))
    assert abs(g_mse[0]) < 1e-8 and g_bce[0] == pytest.approx(-1.0, abs=1e-8)


def test_multi_margin_loss_value_and_gradient():
    scores = RNG.normal(size=(6, 4)) * 2
    y = RNG.integers(0, 4, size=6)
    loss, _ = L.multi_margin_loss(scores, y, margin=1.0)
    ref = np.mean([sum(max(0, 1 - scores[n, y[n]] + scores[n, c]) for c in range(4) if c != y[n]) / 4
                   for n in range(6)])
    assert loss == pytest.approx(ref, rel=1e-14)
    viol = 1 - scores[np.arange(6), y][:, None] + scores
    assert np.min(np.abs(viol)) > 1e-3  # away from the hinge's kink
    _check_grad(L.multi_margin_loss, scores, y)
    # a correct class winning by more than the margin costs nothing
    assert L.multi_margin_loss(np.array([[5.0, 0.0, 1.0]]), np.array([0]))[0] == 0.0


@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (-1.0, 0.5), (0.5, 1.0), (0.25, 0.0)])
def test_sigmoid_focal_loss_gradient(alpha, gamma):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(5, 3))  # moderate logits: no entry so easy that its gradient is ~1e-11
    t = (rng.uniform(size=(5, 3)) > 0.5).astype(float)
    _check_grad(L.sigmoid_focal_loss, z, t, alpha=alpha, gamma=gamma)


def test_sigmoid_focal_loss_reduces_to_bce_and_downweights_easy_examples():
    z, t = RNG.normal(size=(4, 4)), (RNG.uniform(size=(4, 4)) > 0.5).astype(float)
    assert L.sigmoid_focal_loss(z, t, alpha=-1, gamma=0)[0] == pytest.approx(
        L.binary_cross_entropy_with_logits(z, t)[0], rel=1e-14)
    easy, hard = np.array([3.0]), np.array([-3.0])  # target 1: p = 0.95 vs p = 0.05
    one = np.array([1.0])
    ratio_easy = L.sigmoid_focal_loss(easy, one, -1, 2)[0] / L.binary_cross_entropy_with_logits(easy, one)[0]
    ratio_hard = L.sigmoid_focal_loss(hard, one, -1, 2)[0] / L.binary_cross_entropy_with_logits(hard, one)[0]
    assert ratio_easy < 0.01 and ratio_hard > 0.9


def test_new_losses_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        L.sigmoid_mse(np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match="scores must have shape"):
        L.multi_margin_loss(np.zeros((2, 1)), np.array([0, 0]))
    with pytest.raises(ValueError, match="y must be"):
        L.multi_margin_loss(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match="y must hold integer"):
        L.multi_margin_loss(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="margin"):
        L.multi_margin_loss(np.zeros((2, 3)), np.array([0, 1]), margin=0)
    with pytest.raises(ValueError, match="gamma"):
        L.sigmoid_focal_loss(np.zeros(2), np.zeros(2), gamma=-1)
    with pytest.raises(ValueError, match="alpha"):
        L.sigmoid_focal_loss(np.zeros(2), np.zeros(2), alpha=2)
    with pytest.raises(ValueError, match="targets must lie in"):
        L.sigmoid_focal_loss(np.zeros(2), np.array([0.0, 2.0]))


def test_new_losses_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    F = torch.nn.functional
    scores, y = RNG.normal(size=(7, 5)) * 2, RNG.integers(0, 5, size=7)
    ts = torch.tensor(scores, requires_grad=True)
    ref = F.multi_margin_loss(ts, torch.tensor(y), margin=0.7)
    ref.backward()
    loss, d = L.multi_margin_loss(scores, y, margin=0.7)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(d, ts.grad.numpy(), rtol=1e-10, atol=1e-15)
    z, t = RNG.normal(size=(4, 3)) * 3, RNG.uniform(size=(4, 3))
    tz = torch.tensor(z, requires_grad=True)
    ref = F.mse_loss(torch.sigmoid(tz), torch.tensor(t))
    ref.backward()
    loss, d = L.sigmoid_mse(z, t)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(d, tz.grad.numpy(), rtol=1e-10, atol=1e-15)
    # torchvision's sigmoid_focal_loss, written out in torch (torchvision is not a dependency)
    tz = torch.tensor(z, requires_grad=True)
    tt = torch.tensor(t)
    p = torch.sigmoid(tz)
    ce = F.binary_cross_entropy_with_logits(tz, tt, reduction="none")
    p_t = p * tt + (1 - p) * (1 - tt)
    ref = ((0.25 * tt + 0.75 * (1 - tt)) * ce * (1 - p_t) ** 2).mean()
    ref.backward()
    loss, d = L.sigmoid_focal_loss(z, t)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(d, tz.grad.numpy(), rtol=1e-10, atol=1e-15)
