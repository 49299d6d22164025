"""snippets.schedules: boundary steps, closed forms against torch's schedulers, bad input."""
import math

import pytest

from snippets import schedules as S


def test_step_and_exponential():
    assert [S.step_lr(s, 1.0, 3, 0.5) for s in (0, 2, 3, 5, 6)] == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert S.exponential_lr(0, 0.1, 0.9) == 0.1
    assert S.exponential_lr(10, 0.1, 0.9) == pytest.approx(0.1 * 0.9 ** 10)


def test_cosine_boundaries():
    assert S.cosine_annealing_lr(0, 0.1, 100, eta_min=0.001) == 0.1
    assert S.cosine_annealing_lr(50, 0.1, 100, eta_min=0.001) == pytest.approx(0.0505)
    assert S.cosine_annealing_lr(100, 0.1, 100, eta_min=0.001) == pytest.approx(0.001)


def test_warmup_boundaries():
    assert [S.linear_warmup(s, 1.0, 4) for s in (0, 1, 4, 9)] == [0.0, 0.25, 1.0, 1.0]
    lr = [S.warmup_cosine(s, 1.0, 10, 110, eta_min=0.1) for s in range(0, 120)]
    assert lr[0] == 0.0 and lr[5] == 0.5 and lr[10] == 1.0
    assert lr[60] == pytest.approx(0.55) and lr[110] == lr[119] == 0.1
    assert max(lr) == 1.0 and all(a >= b for a, b in zip(lr[10:], lr[11:]))  # monotone after warmup


def test_bad_input():
    with pytest.raises(ValueError, match="step must be a non-negative int"):
        S.step_lr(-1, 0.1, 10)
    with pytest.raises(ValueError, match="step must be a non-negative int"):
        S.step_lr(1.5, 0.1, 10)
    with pytest.raises(ValueError, match="base_lr must be positive"):
        S.exponential_lr(0, 0.0, 0.9)
    with pytest.raises(ValueError, match="step_size must be a positive int"):
        S.step_lr(0, 0.1, 0)
    with pytest.raises(ValueError, match="gamma"):
        S.exponential_lr(0, 0.1, 1.5)
    with pytest.raises(ValueError, match="total_steps must exceed warmup_steps"):
        S.warmup_cosine(0, 0.1, 10, 10)
    with pytest.raises(ValueError, match="eta_min"):
        S.cosine_annealing_lr(0, 0.1, 10, eta_min=0.2)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    sched = torch.optim.lr_scheduler

    def torch_lrs(make, n):
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        s, out = make(opt), []
        for _ in range(n):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        return out

    cases = [  # (torch scheduler, ours, steps); torch's cosine is recursive, equal to the closed form up to T_max
        (lambda o: sched.StepLR(o, 7, 0.5), lambda s: S.step_lr(s, 0.1, 7, 0.5), 25),
        (lambda o: sched.ExponentialLR(o, 0.9), lambda s: S.exponential_lr(s, 0.1, 0.9), 25),
        (lambda o: sched.CosineAnnealingLR(o, 20, 0.01), lambda s: S.cosine_annealing_lr(s, 0.1, 20, 0.01), 21),
    ]
    for make, mine, n in cases:
        ref = torch_lrs(make, n)
        assert all(math.isclose(a, mine(s), rel_tol=1e-9) for s, a in enumerate(ref))


def test_one_cycle_boundaries():
    lr = [S.one_cycle_lr(s, 1.0, 100) for s in range(100)]
    assert lr[0] == pytest.approx(1.0 / 25) and max(lr) == lr[29] == pytest.approx(1.0)
    assert lr[99] == pytest.approx(1.0 / 25 / 1e4)
    assert all(a < b for a, b in zip(lr[:29], lr[1:30])) and all(a > b for a, b in zip(lr[29:], lr[30:]))


def test_lr_range_schedule_and_scale_lr():
    lr = [S.lr_range_schedule(s, 1e-4, 1.0, 5) for s in range(5)]
    assert lr == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    assert S.scale_lr(0.1, 256, 8192) == pytest.approx(3.2)  # Goyal et al.: 0.1 at 256 -> 3.2 at 8k
    assert S.scale_lr(1e-3, 64, 256, rule="sqrt") == pytest.approx(2e-3)
    assert S.scale_lr(0.4, 1024, 256) == pytest.approx(0.1)  # shrinking the batch lowers the lr too


def test_new_schedules_bad_input():
    with pytest.raises(ValueError, match="step must be < total_steps"):
        S.one_cycle_lr(100, 1.0, 100)
    with pytest.raises(ValueError, match="pct_start"):
        S.one_cycle_lr(0, 1.0, 100, pct_start=1.5)
    with pytest.raises(ValueError, match="too small"):
        S.one_cycle_lr(0, 1.0, 2)
    with pytest.raises(ValueError, match="num_steps must be >= 2"):
        S.lr_range_schedule(0, 1e-4, 1.0, 1)
    with pytest.raises(ValueError, match="max_lr must exceed"):
        S.lr_range_schedule(0, 1e-4, 1e-5, 10)
    with pytest.raises(ValueError, match="rule must be"):
        S.scale_lr(0.1, 32, 64, rule="cubic")
    with pytest.raises(ValueError, match="batch must be a positive int"):
        S.scale_lr(0.1, 32, 0)


def test_one_cycle_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=50, cycle_momentum=False)
    for s in range(50):
        assert math.isclose(opt.param_groups[0]["lr"], S.one_cycle_lr(s, 1.0, 50), rel_tol=1e-9, abs_tol=1e-15)
        opt.step()
        sched.step()
