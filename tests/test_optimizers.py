"""snippets.optimizers: a few steps against hand-written references of each formula, and against torch.optim."""
import numpy as np
import pytest

from snippets import optimizers as O

RNG = np.random.default_rng(0)
P0 = RNG.normal(size=(3, 2))
GRADS = [RNG.normal(size=(3, 2)) for _ in range(4)]


def run(cls, steps=4, **kw):
    p = P0.copy()
    opt = cls([p], **kw)
    for g in GRADS[:steps]:
        opt.step([g])
    return p


def test_sgd_plain_momentum_dampening_nesterov_weight_decay():
    lr, mu, wd, damp = 0.1, 0.9, 0.01, 0.2
    for nesterov, dampening in ((False, 0.0), (True, 0.0), (False, damp)):
        p, b = P0.copy(), None
        for g in GRADS:
            g = g + wd * p
            b = g.copy() if b is None else mu * b + (1 - dampening) * g
            p = p - lr * (g + mu * b if nesterov else b)
        got = run(O.SGD, lr=lr, momentum=mu, weight_decay=wd, nesterov=nesterov, dampening=dampening)
        np.testing.assert_allclose(got, p, rtol=1e-14)
    np.testing.assert_allclose(run(O.SGD, steps=1, lr=lr), P0 - lr * GRADS[0], rtol=1e-15)


def test_adagrad():
    lr, lr_decay, wd, init, eps = 0.1, 0.05, 0.01, 0.3, 1e-10
    p, s = P0.copy(), np.full_like(P0, init)
    for t, g in enumerate(GRADS, 1):
        g = g + wd * p
        s = s + g * g
        p = p - lr / (1 + (t - 1) * lr_decay) * g / (np.sqrt(s) + eps)
    got = run(O.Adagrad, lr=lr, lr_decay=lr_decay, weight_decay=wd, initial_accumulator_value=init)
    np.testing.assert_allclose(got, p, rtol=1e-14)


@pytest.mark.parametrize("centered, momentum", [(False, 0.0), (True, 0.0), (True, 0.9), (False, 0.5)])
def test_rmsprop(centered, momentum):
    lr, a, eps, wd = 0.01, 0.9, 1e-8, 0.1
    p, v, m, b = P0.copy(), np.zeros_like(P0), np.zeros_like(P0), np.zeros_like(P0)
    for g in GRADS:
        g = g + wd * p
        v = a * v + (1 - a) * g * g
        m = a * m + (1 - a) * g
        denom = (np.sqrt(v - m * m) if centered else np.sqrt(v)) + eps
        if momentum:
            b = momentum * b + g / denom
            p = p - lr * b
        else:
            p = p - lr * g / denom
    got = run(O.RMSprop, lr=lr, alpha=a, weight_decay=wd, momentum=momentum, centered=centered)
    np.testing.assert_allclose(got, p, rtol=1e-13)


@pytest.mark.parametrize("decoupled", [False, True])
def test_adam_and_adamw(decoupled):
    lr, (b1, b2), eps, wd = 0.01, (0.8, 0.95), 1e-8, 0.1
    p, m, v = P0.copy(), np.zeros_like(P0), np.zeros_like(P0)
    for t, g in enumerate(GRADS, 1):
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    got = run(O.AdamW if decoupled else O.Adam, lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)
    np.testing.assert_allclose(got, p, rtol=1e-13)


@pytest.mark.parametrize("decoupled", [False, True])
def test_amsgrad_uses_the_running_max_of_v(decoupled):
    lr, (b1, b2), eps, wd = 0.01, (0.8, 0.95), 1e-8, 0.1
    p, m, v, v_max = P0.copy(), np.zeros_like(P0), np.zeros_like(P0), np.zeros_like(P0)
    for t, g in enumerate(GRADS, 1):
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        v_max = np.maximum(v_max, v)
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(v_max / (1 - b2 ** t)) + eps)
    got = run(O.AdamW if decoupled else O.Adam, lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd, amsgrad=True)
    np.testing.assert_allclose(got, p, rtol=1e-13)


def test_adam_fails_on_reddis_counterexample_and_amsgrad_does_not():
    # Reddi et al. (2018): f_t(x) = C x if t % 3 == 1 else -x on [-1, 1]; mean gradient (C - 2) / 3 > 0,
    # so the optimum is x = -1. With beta1 = 0, beta2 = 1 / (1 + C^2), Adam drifts to the worst point +1.
    C, ends = 3.0, {}
    for amsgrad in (False, True):
        x = np.zeros(1)
        opt = O.Adam([x], lr=0.5, betas=(0.0, 1 / (1 + C * C)), amsgrad=amsgrad)
        for t in range(1, 3001):
            opt.lr = 0.5 / np.sqrt(t)
            opt.step([np.array([C if t % 3 == 1 else -1.0])])
            np.clip(x, -1.0, 1.0, out=x)  # projection onto the feasible set
        ends[amsgrad] = x[0]
    assert ends[False] == 1.0 and ends[True] < -0.9


def test_adam_first_step_is_lr_sized():
    # bias correction: the first update is lr * g / |g| = lr * sign(g) (up to eps), whatever the scale of g
    p = np.zeros(3)
    O.Adam([p], lr=0.1).step([np.array([1e-3, -5.0, 200.0])])
    np.testing.assert_allclose(p, [-0.1, 0.1, -0.1], rtol=1e-4)


def test_lr_attribute_can_be_changed_between_steps():
    p = np.zeros(1)
    opt = O.SGD([p], lr=1.0)
    opt.step([np.ones(1)])
    opt.lr = 0.5
    opt.step([np.ones(1)])
    assert p[0] == -1.5


def test_bad_input():
    p = np.zeros(2)
    with pytest.raises(ValueError, match="lr must be a non-negative"):
        O.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="nesterov requires"):
        O.SGD([p], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match=r"betas\[1\] must be in"):
        O.Adam([p], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="alpha"):
        O.RMSprop([p], alpha=1.2)
    with pytest.raises(TypeError, match="params must be a non-empty list"):
        O.Adam(p)
    with pytest.raises(TypeError, match=r"params\[0\] must be a floating-point"):
        O.Adam([np.zeros(2, dtype=int)])
    with pytest.raises(ValueError, match=r"grads\[0\] must have shape"):
        O.Adam([p]).step([np.zeros(3)])
    with pytest.raises(ValueError, match="one array per param"):
        O.Adagrad([p]).step([])
    with pytest.raises(ValueError, match="weight_decay"):
        O.AdamW([p], weight_decay=-0.1)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    cases = [
        (O.SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
        (O.SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
        (O.Adagrad, torch.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.1}),
        (O.RMSprop, torch.optim.RMSprop, {"lr": 0.01, "centered": True, "momentum": 0.9, "weight_decay": 0.1}),
        (O.Adam, torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.95), "weight_decay": 0.1}),
        (O.AdamW, torch.optim.AdamW, {"lr": 0.01}),
        (O.Adam, torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.95), "amsgrad": True}),
        (O.AdamW, torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
        (O.SGD, torch.optim.SGD, {"lr": 0.1}),
        (O.Adagrad, torch.optim.Adagrad, {}),
        (O.RMSprop, torch.optim.RMSprop, {}),
        (O.Adam, torch.optim.Adam, {}),
        (O.AdamW, torch.optim.AdamW, {}),
    ]
    for mine, theirs, kw in cases:
        p, tp = P0.copy(), torch.tensor(P0, requires_grad=True)
        opt, topt = mine([p], **kw), theirs([tp], **kw)
        for g in GRADS:
            opt.step([g])
            tp.grad = torch.tensor(g)
            topt.step()
        np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12, atol=1e-14, err_msg=mine.__name__)


def test_defaults_match_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    import inspect
    pairs = [(O.SGD, torch.optim.SGD), (O.Adagrad, torch.optim.Adagrad), (O.RMSprop, torch.optim.RMSprop),
             (O.Adam, torch.optim.Adam), (O.AdamW, torch.optim.AdamW)]
    for mine, theirs in pairs:
        ours = {k: v.default for k, v in inspect.signature(mine.__init__).parameters.items() if k not in ("self", "params")}
        ref = inspect.signature(theirs.__init__).parameters
        for name, default in ours.items():
            assert name in ref, f"{mine.__name__}.{name} is not a torch argument"
            if default is not inspect.Parameter.empty and ref[name].default is not inspect.Parameter.empty:
                assert float(np.ravel(default)[0]) == float(np.ravel(ref[name].default)[0]) and \
                    np.allclose(np.ravel(default), np.ravel(ref[name].default)), f"{mine.__name__}.{name}"


def test_adamw_equals_torch_adam_with_decoupled_weight_decay():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    if "decoupled_weight_decay" not in torch.optim.Adam.__init__.__code__.co_varnames:
        pytest.skip("this torch version has no Adam(decoupled_weight_decay=...)")
    p, tp = P0.copy(), torch.tensor(P0, requires_grad=True)
    opt = O.AdamW([p], lr=0.01, weight_decay=0.1)
    topt = torch.optim.Adam([tp], lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
    for g in GRADS:
        opt.step([g])
        tp.grad = torch.tensor(g)
        topt.step()
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12, atol=1e-14)
