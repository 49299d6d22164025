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


# --8<-- [start:one_cycle_lr]
def one_cycle_lr(step, max_lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    """OneCycleLR closed form (torch defaults, anneal_strategy="cos", three_phase=False).

    Cosine ramp from max_lr / div_factor up to max_lr over the first pct_start * total_steps - 1
    steps, then cosine decay down to (max_lr / div_factor) / final_div_factor at step total_steps - 1.
        cos_anneal(a, b, p) = b + (a - b) * (1 + cos(pi * p)) / 2
    """
    _check(step, max_lr)
    _positive_int("total_steps", total_steps)
    if step >= total_steps:
        raise ValueError(f"step must be < total_steps ({total_steps}), got {step}")
    if not 0 < pct_start < 1:
        raise ValueError(f"pct_start must be in (0, 1), got {pct_start!r}")
    if not (div_factor > 0 and final_div_factor > 0):
        raise ValueError("div_factor and final_div_factor must be positive")
    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    peak = float(pct_start * total_steps) - 1.0
    last = float(total_steps - 1)
    if peak <= 0 or last <= peak:
        raise ValueError(f"total_steps={total_steps} is too small for pct_start={pct_start}")
    if step <= peak:
        start, end, p = initial_lr, max_lr, step / peak
    else:
        start, end, p = max_lr, min_lr, (step - peak) / (last - peak)
    return end + (start - end) * (1.0 + math.cos(math.pi * p)) / 2.0
# --8<-- [end:one_cycle_lr]


# --8<-- [start:lr_range_schedule]
def lr_range_schedule(step, min_lr, max_lr, num_steps):
    """The LR range test's exponential ramp: min_lr * (max_lr / min_lr) ** (step / (num_steps - 1)).

    step 0 gets min_lr, step num_steps - 1 gets max_lr; equal ratios between consecutive steps, so
    every decade of lr gets the same number of steps (Smith 2017, the "LR finder").
    """
    _check(step, min_lr)
    _positive_int("num_steps", num_steps)
    if num_steps < 2:
        raise ValueError(f"num_steps must be >= 2, got {num_steps}")
    if not max_lr > min_lr:
        raise ValueError(f"max_lr must exceed min_lr ({min_lr}), got {max_lr!r}")
    return min_lr * (max_lr / min_lr) ** (step / (num_steps - 1))
# --8<-- [end:lr_range_schedule]


# --8<-- [start:scale_lr]
def scale_lr(base_lr, base_batch, batch, rule="linear"):
    """Learning rate for batch size ``batch`` given one tuned at ``base_batch``.

        "linear" (SGD, Goyal et al. 2017):   base_lr * batch / base_batch
        "sqrt"   (common for Adam):          base_lr * sqrt(batch / base_batch)
    A heuristic valid only below the critical batch size, and for large k only with warmup.
    """
    if not base_lr > 0:
        raise ValueError(f"base_lr must be positive, got {base_lr!r}")
    _positive_int("base_batch", base_batch)
    _positive_int("batch", batch)
    if rule == "linear":
        return base_lr * batch / base_batch
    if rule == "sqrt":
        return base_lr * math.sqrt(batch / base_batch)
    raise ValueError(f"rule must be 'linear' or 'sqrt', got {rule!r}")
# --8<-- [end:scale_lr]
