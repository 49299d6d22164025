"""Figures of the lr-batch chapter (learning rate, batch size, GD vs SGD).

Every training curve is a real, seeded run of ``snippets.train.fit`` on the spirals data; the
expensive runs sit in lru_cached helpers so that both languages draw the same numbers once.
"""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from snippets import schedules as S
from snippets.batching import minibatch_grad_variance, per_example_grads, sampled_grad_variance
from snippets.data import make_spirals, train_val_split
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.lr_batch import adam_effective_lr, lr_range_test
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD
from snippets.train import PARAM_KEYS, fit


def _log(ax, which):
    """Log scale with plain "%g" tick labels (matplotlib's default 10^k mathtext labels are slow to render)."""
    for name in which:
        getattr(ax, f"set_{name}scale")("log")
        axis = getattr(ax, f"{name}axis")
        axis.set_major_formatter(FormatStrFormatter("%g"))
        axis.set_minor_formatter(NullFormatter())


@functools.lru_cache(maxsize=None)
def _run(lr, epochs, batch_size, schedule=None, seed=0, n=300, H=32):
    """One seeded SGD run of the two-layer net on spirals; ``schedule`` = (name, args) or None."""
    rng = np.random.default_rng(seed)
    X, y = make_spirals(n, rng)
    data = train_val_split(X, y, 0.2, rng)
    params = init_two_layer(2, H, 3, rng)
    opt = SGD([params[k] for k in PARAM_KEYS], lr=lr)
    sched = None
    if schedule is not None:
        name, args = schedule
        sched = functools.partial(getattr(S, name), base_lr=lr, **dict(args))  # sched(step) -> lr
    return fit(params, data, optimizer=opt, epochs=epochs, batch_size=batch_size, rng=rng, lr_schedule=sched)


LR_CASES = ((0.01, "太低", "too low"), (0.3, "合适", "acceptable"), (5.0, "太高", "too high"),
            (30.0, "过高（发散）", "far too high (blows up)"))


@figure("lr-too-high-low")
def lr_too_high_low(lang):
    """Training loss per epoch for four learning rates, same data, init and batch order."""
    setup()
    fig, ax = plt.subplots(figsize=(8.5, 3.8))
    for color, (lr, zh, en) in zip((COLORS[2], COLORS[0], COLORS[1], COLORS[3]), LR_CASES):
        hist = _run(lr, 40, 32)
        ax.plot(np.arange(len(hist["train_loss"])), hist["train_loss"], color=color,
                label=f"η = {lr:g}  ({t(lang, zh, en)})")
    _log(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel(t(lang, "训练损失（交叉熵，对数轴）", "training loss (cross-entropy, log scale)"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _range_test():
    rng = np.random.default_rng(0)
    X, y = make_spirals(300, rng)
    params = init_two_layer(2, 32, 3, rng)
    return lr_range_test(params, X, y, rng, min_lr=1e-3, max_lr=1e3, num_steps=300, batch_size=32)


@figure("lr-range-test")
def lr_range_test_figure(lang):
    """LR range test: mini-batch loss (smoothed) against the exponentially growing lr."""
    setup()
    lrs, losses = _range_test()
    smooth = np.convolve(losses, np.ones(10) / 10, mode="valid")
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    ax.plot(lrs, losses, color="0.75", linewidth=1.0, label=t(lang, "每步的小批量损失", "mini-batch loss per step"))
    ax.plot(lrs[9:], smooth, color=COLORS[0], label=t(lang, "10 步滑动平均", "10-step moving average"))
    best = lrs[9:][np.argmin(smooth)]
    ax.axvline(best, color=COLORS[1], linestyle="--", linewidth=1.2)
    ax.axvline(best / 10, color=COLORS[2], linestyle=":", linewidth=1.5)
    ax.annotate(t(lang, "损失最低处", "lowest loss"), xy=(best, ax.get_ylim()[1]), xytext=(4, -14),
                textcoords="offset points", color=COLORS[1])
    ax.annotate(t(lang, "选用 ≈ 它的 1/10", "pick ≈ 1/10 of it"), xy=(best / 10, ax.get_ylim()[1]), xytext=(-4, -14),
                textcoords="offset points", color=COLORS[2], ha="right")
    _log(ax, "x")
    ax.set_xlabel(t(lang, "学习率 η（每步乘以同一个因子）", "learning rate η (multiplied by the same factor each step)"))
    ax.set_ylabel(t(lang, "训练损失", "training loss"))
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    return fig


@figure("lr-schedules")
def lr_schedules(lang):
    """Step, exponential, cosine, warmup + cosine and one-cycle schedules from snippets.schedules."""
    setup()
    T, base = 1000, 1.0
    steps = np.arange(0, T, 5)
    curves = [
        ("StepLR", [S.step_lr(s, base, 300, 0.3) for s in steps]),
        ("ExponentialLR", [S.exponential_lr(s, base, 0.997) for s in steps]),
        ("CosineAnnealingLR", [S.cosine_annealing_lr(s, base, T) for s in steps]),
        (t(lang, "预热 + 余弦", "warmup + cosine"), [S.warmup_cosine(s, base, 100, T) for s in steps]),
        ("OneCycleLR", [S.one_cycle_lr(s, base, T) for s in steps]),
    ]
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for (name, lr), color, ls in zip(curves, COLORS, ("-", "-", "-", "--", ":")):
        ax.plot(steps, lr, color=color, linestyle=ls, label=name)
    ax.axvspan(0, 100, color=COLORS[3], alpha=0.1)
    ax.annotate(t(lang, "预热", "warmup"), xy=(50, 0.05), ha="center", color=COLORS[3])
    ax.set_xlabel(t(lang, "更新步数 t", "update step t"))
    ax.set_ylabel(t(lang, "学习率 η(t) / ηₘₐₓ", "learning rate η(t) / ηₘₐₓ"))
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _adam_spread():
    g = np.random.default_rng(0).normal(size=(200, 2000))
    e = adam_effective_lr(g)
    steps = np.unique(np.geomspace(1, len(g), 40).round().astype(int))  # log-spaced: few points per line
    return steps, np.percentile(e[steps - 1], [5, 50, 95], axis=1)


@figure("adam-early-step-spread")
def adam_early_step_spread(lang):
    """Spread of Adam's per-parameter step scale 1/sqrt(v_hat_t) for pure-noise gradients."""
    setup()
    steps, (p5, p50, p95) = _adam_spread()
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    ax.fill_between(steps, p5, p95, color=COLORS[0], alpha=0.25, linewidth=0,
                    label=t(lang, "5%–95% 分位（2000 个参数）", "5%–95% range over 2000 parameters"))
    ax.plot(steps, p50, color=COLORS[0], label=t(lang, "中位数", "median"))
    ax.axhline(1.0, color="0.4", linestyle=":", linewidth=1.0)
    _log(ax, "xy")
    ax.set_xlabel(t(lang, "Adam 步数 t", "Adam step t"))
    ax.set_ylabel(r"$1/\sqrt{\hat v_t}$")
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


DECAY_E, DECAY_B, DECAY_LR = 40, 32, 2.0
DECAY_STEPS = DECAY_E * 8  # 240 training examples / 32 = 8 updates per epoch
DECAY_CASES = (
    (None, "恒定学习率", "constant lr"),
    (("step_lr", (("step_size", DECAY_STEPS // 3), ("gamma", 0.2))), "StepLR（×0.2）", "StepLR (×0.2)"),
    (("cosine_annealing_lr", (("T_max", DECAY_STEPS),)), "余弦退火", "cosine annealing"),
)


@figure("lr-decay-runs")
def lr_decay_runs(lang):
    """Same run (η0 = 2, B = 32) with a constant lr, step decay and cosine decay: loss per epoch."""
    setup()
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for color, (schedule, zh, en) in zip(COLORS, DECAY_CASES):
        hist = _run(DECAY_LR, DECAY_E, DECAY_B, schedule)
        ax.plot(np.arange(len(hist["train_loss"])), hist["train_loss"], color=color, label=t(lang, zh, en))
    _log(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel(t(lang, "训练损失（对数轴）", "training loss (log scale)"))
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


GD_CASES = ((240, 1.0, 100, "批量 GD（B = N = 240）", "batch GD (B = N = 240)"),
            (32, 1.0, 12, "小批量 SGD（B = 32）", "mini-batch SGD (B = 32)"),
            (1, 0.05, 4, "SGD（B = 1）", "SGD (B = 1)"))


@figure("gd-sgd-minibatch")
def gd_sgd_minibatch(lang):
    """Batch GD vs mini-batch vs B = 1: full training loss per epoch, and mini-batch loss per update."""
    setup()
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.0, 3.8))
    for color, (B, lr, epochs, zh, en) in zip(COLORS, GD_CASES):
        hist = _run(lr, epochs, B)
        label = f"{t(lang, zh, en)}, η = {lr:g}"
        shown = min(epochs, 4)
        a1.plot(np.arange(shown + 1), hist["train_loss"][:shown + 1], color=color, marker="o", markersize=3, label=label)
        steps = np.asarray(hist["step_loss"])
        if B == 1:  # one example's loss is too noisy to read: show a 50-update moving average
            k = 50
            avg = np.convolve(steps, np.ones(k) / k, mode="valid")[::10]
            a2.plot(np.arange(k, len(steps) + 1)[::10], avg, color=color,
                    linewidth=1.2, label=t(lang, "B = 1（50 步滑动平均）", "B = 1 (50-update moving average)"))
        else:
            a2.plot(np.arange(1, len(steps) + 1), steps, color=color, linewidth=1.2, label=f"B = {B}")
    a1.set_xlabel("epoch")
    a1.set_ylabel(t(lang, "全训练集损失", "full training loss"))
    a1.legend(fontsize=8)
    _log(a2, "x")
    a2.set_xlabel(t(lang, "参数更新次数（对数轴）", "parameter updates (log scale)"))
    a2.set_ylabel(t(lang, "当步小批量损失", "mini-batch loss at that update"))
    a2.legend(fontsize=8)
    fig.tight_layout()
    return fig


NOISE_BATCHES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 400)


@functools.lru_cache(maxsize=None)
def _gradient_noise():
    """Per-example gradients after 5 epochs of training, and measured E||g_B - g||^2 per batch size."""
    rng = np.random.default_rng(0)
    X, y = make_spirals(500, rng)
    data = train_val_split(X, y, 0.2, rng)
    params = init_two_layer(2, 32, 3, rng)
    fit(params, data, optimizer=SGD([params[k] for k in PARAM_KEYS], lr=0.5), epochs=5, batch_size=32, rng=rng)
    G = per_example_grads(params, data[0], data[1])
    out = {}
    for repl in (True, False):
        out[repl] = (np.array([sampled_grad_variance(G, B, rng, trials=100, replacement=repl) for B in NOISE_BATCHES]),
                     np.array([minibatch_grad_variance(G, B, replacement=repl) for B in NOISE_BATCHES]))
    return out, len(G)


def gradient_noise_slope():
    """Least-squares slope of log measured variance vs log B (with replacement, B <= 64)."""
    out, _ = _gradient_noise()
    B = np.array(NOISE_BATCHES)
    keep = B <= 64
    return float(np.polyfit(np.log(B[keep]), np.log(out[True][0][keep]), 1)[0])


@figure("gradient-noise-vs-batch")
def gradient_noise_vs_batch(lang):
    """Measured variance of the mini-batch gradient against B, log-log, with the exact formulas."""
    setup()
    out, N = _gradient_noise()
    B = np.array(NOISE_BATCHES)
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    (m_r, f_r), (m_w, f_w) = out[True], out[False]
    ax.plot(B, f_r, color=COLORS[0], linewidth=1.2, label="σ²/B")
    ax.plot(B, m_r, "o", color=COLORS[0], markersize=5,
            label=t(lang, "实测：有放回", "measured: with replacement"))
    ok = B < N  # the estimate is exactly 0 at B = N without replacement: off a log axis
    ax.plot(B[ok], f_w[ok], color=COLORS[1], linewidth=1.2, linestyle="--", label="σ²/B · (N − B)/(N − 1)")
    ax.plot(B[ok], m_w[ok], "s", color=COLORS[1], markersize=4, label=t(lang, "实测：无放回", "measured: without replacement"))
    _log(ax, "xy")
    ax.set_xlabel(t(lang, f"批大小 B（N = {N}）", f"batch size B (N = {N})"))
    ax.set_ylabel(r"$\mathbb{E}\,\|g_B - \nabla L\|^2$")
    ax.set_title(t(lang, f"拟合斜率 = {gradient_noise_slope():.2f}", f"fitted slope = {gradient_noise_slope():.2f}"))
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


SCALING_CASES = ((16, 0.1, "基准", "baseline"), (128, 0.1, "B×8，η 不变", "B×8, same η"),
                 (128, 0.8, "B×8，η×8（线性缩放）", "B×8, η×8 (linear scaling)"))


@figure("linear-scaling-runs")
def linear_scaling_runs(lang):
    """Loss per epoch: B = 16 at η = 0.1, B = 128 at the same η, and B = 128 with η scaled by 8."""
    setup()
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for color, ls, (B, lr, zh, en) in zip(COLORS, ("-", "-", "--"), SCALING_CASES):
        hist = _run(lr, 40, B)
        ax.plot(np.arange(len(hist["train_loss"])), hist["train_loss"], color=color, linestyle=ls,
                label=f"B = {B}, η = {lr:g}  ({t(lang, zh, en)})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(t(lang, "训练损失", "training loss"))
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _least_squares_paths():
    """An ill-conditioned 2-D least-squares problem: GD near its stability limit, constant-lr SGD, its average."""
    from snippets.lr_batch import least_squares_sgd
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)) * np.array([3.0, 0.6])
    y = X @ np.array([1.0, -2.0]) + 0.5 * rng.normal(size=200)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    lam_max = np.linalg.eigvalsh(X.T @ X / 200).max()
    w0 = np.array([-1.0, 0.5])
    gd = least_squares_sgd(X, y, w0, 1.9 / lam_max, 40, rng, batch_size=200)
    sgd = least_squares_sgd(X, y, w0, 0.04, 1500, rng)
    decayed = least_squares_sgd(X, y, w0, 0.04, 1500, rng, lr_schedule=lambda t: 0.04 * 50 / (50 + t))
    return X, y, w_star, gd, sgd, decayed


@figure("sgd-oscillation-paths")
def sgd_oscillation_paths(lang):
    """Contours of a least-squares loss with GD zig-zag, constant-lr SGD bouncing, 1/t-decayed SGD and the SGD average."""
    setup()
    X, y, w_star, gd, sgd, decayed = _least_squares_paths()
    a = np.linspace(-1.3, 1.6, 36)
    b = np.linspace(-2.6, 0.8, 36)
    A, Bm = np.meshgrid(a, b)
    W = np.stack([A.ravel(), Bm.ravel()], axis=1)
    loss = (0.5 * np.mean((X @ W.T - y[:, None]) ** 2, axis=0)).reshape(A.shape)
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.0))
    for ax in axes:
        ax.contour(A, Bm, loss, levels=np.geomspace(loss.min() + 0.02, loss.max(), 7), colors="0.75", linewidths=0.8)
        ax.plot(*w_star, "*", color="k", markersize=10, label=t(lang, "最小值 w*", "minimum w*"))
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.grid(False)
    axes[0].plot(gd[:, 0], gd[:, 1], "-o", color=COLORS[1], markersize=2.5, linewidth=1.0,
                 label=t(lang, "全批量 GD，η = 1.9 / λmax", "full-batch GD, η = 1.9 / λmax"))
    axes[1].plot(sgd[::6, 0], sgd[::6, 1], color=COLORS[0], linewidth=0.6, alpha=0.8,
                 label=t(lang, "SGD（B = 1），恒定 η", "SGD (B = 1), constant η"))
    axes[1].plot(decayed[::10, 0], decayed[::10, 1], color=COLORS[2], linewidth=1.0,
                 label=t(lang, "SGD，η ∝ 1/t", "SGD, η ∝ 1/t"))
    avg = sgd[500:].mean(axis=0)
    axes[1].plot(*avg, "D", color=COLORS[3], markersize=6, label=t(lang, "恒定 η 迭代点的平均", "average of the constant-η iterates"))
    axes[0].set_title("(a)")
    axes[1].set_title("(b)")
    axes[0].legend(fontsize=8, loc="lower left")
    axes[1].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


TRADEOFF_B = (8, 16, 32, 64, 128, 240)
TRADEOFF_EPOCHS = {8: 8, 16: 8, 32: 10, 64: 10, 128: 15, 240: 40}
TRADEOFF_TARGET = 0.5


def tradeoff_lr(B):
    """Linear scaling from 0.2 at B = 8, capped at 2.0 (larger lrs are unstable on this net)."""
    return min(S.scale_lr(0.2, 8, B), 2.0)


@functools.lru_cache(maxsize=None)
def _tradeoff():
    """Epochs and optimizer steps until the full training loss first drops below TRADEOFF_TARGET, per batch size."""
    out = []
    for B in TRADEOFF_B:
        loss = np.asarray(_run(tradeoff_lr(B), TRADEOFF_EPOCHS[B], B)["train_loss"])
        epochs = int(np.argmax(loss < TRADEOFF_TARGET))
        out.append((B, epochs, epochs * -(-240 // B)))  # 240 training points: ceil(240 / B) steps per epoch
    return tuple(out)


@figure("batch-size-tradeoff")
def batch_size_tradeoff(lang):
    """Steps and epochs to reach a target loss against the batch size (linear lr scaling, capped)."""
    setup()
    rows = np.array(_tradeoff())
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    ax.plot(rows[:, 0], rows[:, 2], "o-", color=COLORS[0], label=t(lang, "优化步数", "optimizer steps"))
    ax.plot(rows[:, 0], rows[:, 1], "s--", color=COLORS[1], label=t(lang, "epoch 数（= 计算量）", "epochs (= compute)"))
    ax.axvspan(80, 240, color="0.5", alpha=0.1)  # 0.2 * B / 8 reaches the cap 2.0 at B = 80
    ax.text(0.86, 0.92, t(lang, "η 已到上限 2", "η capped at 2"), transform=ax.transAxes, ha="center", color="0.35")
    ax.set_xscale("log", base=2)
    _log(ax, "y")
    ax.set_xticks(rows[:, 0])
    ax.set_xticklabels([str(int(b)) for b in rows[:, 0]])
    ax.set_xlabel(t(lang, "批大小 B（η 随 B 线性缩放）", "batch size B (η scaled linearly with B)"))
    ax.set_ylabel(t(lang, f"训练损失降到 {TRADEOFF_TARGET} 所需", f"needed to reach training loss {TRADEOFF_TARGET}"))
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig
