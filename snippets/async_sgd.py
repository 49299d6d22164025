"""Data-parallel SGD simulated on one CPU: synchronous (barrier + averaged gradient) versus
asynchronous (parameter server applies each worker's gradient on arrival, so gradients are stale).

``grad_fn(x, rng) -> g`` returns one worker's stochastic gradient (its own mini-batch) at x.
Worker w needs ``worker_times[w] * U(1 - jitter, 1 + jitter)`` time units per gradient; communication
is free here, which flatters synchronous SGD (no all-reduce cost) but not asynchronous SGD.
"""
import heapq

import numpy as np


def _check_common(grad_fn, x0, lr, n_updates, worker_times, rng, jitter):
    if not callable(grad_fn):
        raise TypeError("grad_fn must be callable")
    x0 = np.asarray(x0, dtype=np.float64)
    if x0.ndim != 1 or x0.size == 0:
        raise ValueError(f"x0 must be a non-empty 1-D vector, got shape {x0.shape}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    if isinstance(n_updates, bool) or not isinstance(n_updates, (int, np.integer)) or n_updates < 1:
        raise ValueError(f"n_updates must be a positive int, got {n_updates!r}")
    times = np.asarray(worker_times, dtype=np.float64)
    if times.ndim != 1 or times.size == 0 or not np.all(times > 0):
        raise ValueError("worker_times must be a non-empty 1-D array of positive compute times")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if not 0 <= jitter < 1:
        raise ValueError(f"jitter must be in [0, 1), got {jitter!r}")
    return x0, times


# --8<-- [start:delayed_gradient_descent]
def delayed_gradient_descent(grad_fn, x0, lr, steps, delay):
    """x_{k+1} = x_k - lr * grad_fn(x_{k-delay}), with x_j = x_0 for j < 0; trajectory (steps + 1, n).

    The simplest model of asynchronous SGD: every gradient is exactly ``delay`` updates stale.
    ``grad_fn(x)`` is deterministic here, so the only effect studied is staleness.
    """
    if not callable(grad_fn):
        raise TypeError("grad_fn must be callable")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    for name, v in (("steps", steps), ("delay", delay)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise ValueError(f"{name} must be a non-negative int, got {v!r}")
    xs = [np.asarray(x0, dtype=np.float64).copy()]
    for k in range(steps):
        stale = xs[max(k - delay, 0)]
        xs.append(xs[-1] - lr * np.asarray(grad_fn(stale), dtype=np.float64))
    return np.array(xs)
# --8<-- [end:delayed_gradient_descent]


# --8<-- [start:simulate_sync_sgd]
def simulate_sync_sgd(grad_fn, x0, lr, n_updates, worker_times, rng, jitter=0.2):
    """Synchronous SGD: all W workers start from the same x, the step waits for the SLOWEST one,
    then the averaged gradient is applied once: x <- x - lr * mean_w g_w (= large-batch SGD).

    Returns dict: "x" (n_updates + 1, n), "time" (n_updates + 1,) wall-clock after each update,
    "staleness" (n_updates,) all 0, "events" list of (worker, start, end) compute intervals.
    """
    x, times = _check_common(grad_fn, x0, lr, n_updates, worker_times, rng, jitter)
    xs, clock, events = [x.copy()], [0.0], []
    for _ in range(n_updates):
        start = clock[-1]
        durations = times * rng.uniform(1 - jitter, 1 + jitter, size=times.size)
        grads = [np.asarray(grad_fn(xs[-1], rng), dtype=np.float64) for _ in range(times.size)]
        events += [(w, start, start + d) for w, d in enumerate(durations)]
        xs.append(xs[-1] - lr * np.mean(grads, axis=0))
        clock.append(start + durations.max())      # the barrier: everyone waits for the straggler
    return {"x": np.array(xs), "time": np.array(clock), "staleness": np.zeros(n_updates, dtype=int),
            "events": events}
# --8<-- [end:simulate_sync_sgd]


# --8<-- [start:simulate_async_sgd]
def simulate_async_sgd(grad_fn, x0, lr, n_updates, worker_times, rng, jitter=0.2):
    """Asynchronous SGD (parameter server, Downpour-style): each worker reads x, computes one
    gradient, and the server applies it the moment it arrives: x <- x - lr * g. Nobody waits,
    but g was computed at the x the worker READ; the number of updates applied in between is its
    staleness (0 for a single worker).

    Returns dict like simulate_sync_sgd, with "events" as (worker, start, end, staleness).
    """
    x, times = _check_common(grad_fn, x0, lr, n_updates, worker_times, rng, jitter)
    xs, clock, stale, events = [x.copy()], [0.0], [], []
    jobs = []  # heap of (finish time, worker, start time, version read, gradient)

    def launch(w, start):
        version = len(xs) - 1
        g = np.asarray(grad_fn(xs[version], rng), dtype=np.float64)   # computed on the weights read now
        end = start + times[w] * rng.uniform(1 - jitter, 1 + jitter)
        heapq.heappush(jobs, (end, w, start, version, g))

    for w in range(times.size):
        launch(w, 0.0)
    while len(xs) - 1 < n_updates:
        end, w, start, version, g = heapq.heappop(jobs)
        tau = len(xs) - 1 - version
        xs.append(xs[-1] - lr * g)
        clock.append(end)
        stale.append(tau)
        events.append((w, start, end, tau))
        launch(w, end)
    return {"x": np.array(xs), "time": np.array(clock), "staleness": np.array(stale), "events": events}
# --8<-- [end:simulate_async_sgd]
