"""Learning-rate schedules as pure functions ``f(step, base_lr, ...) -> lr``.

``step`` counts from 0. The decay schedules are the closed forms of ``torch.optim.lr_scheduler``
(StepLR, ExponentialLR, CosineAnnealingLR); the warmup ones follow the common Transformer recipe
(``transformers.get_cosine_schedule_with_warmup``): torch has no single closed form for them.
"""
import math


def _check(step, base_lr):
    if isinstance(step, bool) or not hasattr(step, "__index__") or step < 0:
        raise ValueError(f"step must be a non-negative int, got {step!r}")
    if not base_lr > 0:
        raise ValueError(f"base_lr must be positive, got {base_lr!r}")


def _positive_int(name, value):
    if isinstance(value, bool) or not hasattr(value, "__index__") or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


# --8<-- [start:step_lr]
def step_lr(step, base_lr, step_size, gamma=0.1):
    """StepLR: multiply by gamma every step_size steps: base_lr * gamma ** (step // step_size)."""
    _check(step, base_lr)
    _positive_int("step_size", step_size)
    if not 0 < gamma <= 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
    return base_lr * gamma ** (step // step_size)
# --8<-- [end:step_lr]


# --8<-- [start:exponential_lr]
def exponential_lr(step, base_lr, gamma):
    """ExponentialLR: base_lr * gamma ** step (a smooth StepLR with step_size = 1)."""
    _check(step, base_lr)
    if not 0 < gamma <= 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
    return base_lr * gamma ** step
# --8<-- [end:exponential_lr]


# --8<-- [start:cosine_annealing_lr]
def cosine_annealing_lr(step, base_lr, T_max, eta_min=0.0):
    """CosineAnnealingLR closed form: eta_min + (base_lr - eta_min) * (1 + cos(pi * step / T_max)) / 2.

    Equals base_lr at step 0 and eta_min at step T_max. Past T_max the closed form rises again
    (a cosine is periodic), exactly as torch's; stop at T_max or restart (SGDR) if you do not want that.
    """
    _check(step, base_lr)
    _positive_int("T_max", T_max)
    if not 0 <= eta_min <= base_lr:
        raise ValueError(f"eta_min must be in [0, base_lr], got {eta_min!r}")
    return eta_min + (base_lr - eta_min) * (1.0 + math.cos(math.pi * step / T_max)) / 2.0
# --8<-- [end:cosine_annealing_lr]


# --8<-- [start:linear_warmup]
def linear_warmup(step, base_lr, warmup_steps):
    """Linear warmup: base_lr * step / warmup_steps for step < warmup_steps, then base_lr.

    (The lr of step 0 is 0, as in transformers' schedules; step 1 gets base_lr / warmup_steps.)
    """
    _check(step, base_lr)
    _positive_int("warmup_steps", warmup_steps)
    return base_lr * min(1.0, step / warmup_steps)
# --8<-- [end:linear_warmup]


# --8<-- [start:warmup_cosine]
def warmup_cosine(step, base_lr, warmup_steps, total_steps, eta_min=0.0):
    """Linear warmup to base_lr over warmup_steps, then cosine decay to eta_min at total_steps (held after).

        step < W:       base_lr * step / W
        W <= step < T:  eta_min + (base_lr - eta_min) * (1 + cos(pi * (step - W) / (T - W))) / 2
        step >= T:      eta_min
    """
    _check(step, base_lr)
    _positive_int("warmup_steps", warmup_steps)
    _positive_int("total_steps", total_steps)
    if total_steps <= warmup_steps:
        raise ValueError(f"total_steps must exceed warmup_steps ({warmup_steps}), got {total_steps}")
    if not 0 <= eta_min <= base_lr:
        raise ValueError(f"eta_min must be in [0, base_lr], got {eta_min!r}")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    if step >= total_steps:
        return eta_min
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return eta_min + (base_lr - eta_min) * (1.0 + math.cos(math.pi * progress)) / 2.0
# --8<-- [end:warmup_cosine]
