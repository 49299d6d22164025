"""Figures of the normalization chapter (BatchNorm, LayerNorm, weight normalization)."""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch, Rectangle

from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.normalization import batchnorm_forward, batchnorm_output_noise, layernorm_forward


# ---------------------------------------------------------------- BN running statistics
@functools.lru_cache(maxsize=None)
def _running_stats(steps=80, m=8, mean=3.0, std=2.0, momentum=0.1):
    """Train-mode BN on a stream of batches of size m from N(mean, std^2): batch stats and buffers."""
    rng = np.random.default_rng(0)
    rm, rv = np.zeros(1), np.ones(1)           # torch's initial buffers
    biased_ema = np.ones(1)                    # what the buffer would hold without the m / (m - 1) factor
    rows = []
    for _ in range(steps):
        x = rng.normal(mean, std, size=(m, 1))
        batchnorm_forward(x, np.ones(1), np.zeros(1), rm, rv, training=True, momentum=momentum)
        biased_ema = (1 - momentum) * biased_ema + momentum * x.var(axis=0)
        rows.append((x.mean(), x.var(), rm[0], rv[0], biased_ema[0]))
    return np.array(rows)


@figure("bn-running-stats")
def bn_running_stats(lang):
    """Batch mean/variance (noisy) vs running_mean/running_var (EMA, momentum 0.1) vs the population."""
    setup()
    r = _running_stats()
    steps = np.arange(1, len(r) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 4.0))
    ax = axes[0]
    ax.plot(steps, r[:, 0], "o", markersize=3, color=COLORS[5], label=t(lang, "每批均值 μ_B", "batch mean μ_B"))
    ax.plot(steps, r[:, 2], color=COLORS[0], label="running_mean")
    ax.axhline(3.0, color="0.3", linestyle="--", linewidth=1.0, label=t(lang, "总体均值 3", "population mean 3"))
    ax.set_xlabel(t(lang, "训练步数", "training step"))
    ax.set_title(t(lang, "均值", "mean"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    ax = axes[1]
    ax.plot(steps, r[:, 1], "o", markersize=3, color=COLORS[5], label=t(lang, "每批有偏方差 σ²_B", "biased batch variance σ²_B"))
    ax.plot(steps, r[:, 3], color=COLORS[0], label=t(lang, "running_var（乘 m/(m−1)）", "running_var (× m/(m−1))"))
    ax.plot(steps, r[:, 4], color=COLORS[1], linestyle=":", label=t(lang, "若不做无偏修正", "without the unbiased factor"))
    ax.axhline(4.0, color="0.3", linestyle="--", linewidth=1.0, label=t(lang, "总体方差 4", "population variance 4"))
    ax.set_xlabel(t(lang, "训练步数", "training step"))
    ax.set_title(t(lang, "方差（批大小 m = 8）", "variance (batch size m = 8)"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- BN noise vs batch size
BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128, 256)


@functools.lru_cache(maxsize=None)
def _noise_by_batch_size():
    rng = np.random.default_rng(0)
    pool = rng.normal(size=(1024, 8))
    return np.array([batchnorm_output_noise(pool, m, 200, rng).mean() for m in BATCH_SIZES])


@figure("bn-batch-size-noise")
def bn_batch_size_noise(lang):
    """Std of one fixed sample's train-mode BN output over random batch-mates, against batch size."""
    setup()
    noise = _noise_by_batch_size()
    m = np.array(BATCH_SIZES)
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    ax.loglog(m, noise, marker="o", color=COLORS[0], label=t(lang, "训练模式（批统计量）", "training mode (batch statistics)"))
    ax.loglog(m, 1 / np.sqrt(m), linestyle="--", color="0.5", label=r"$1/\sqrt{m}$")
    ax.set_xticks(m)
    ax.set_xticklabels([str(v) for v in m])
    ax.minorticks_off()
    ax.set_xlabel(t(lang, "批大小 m", "batch size m"))
    ax.set_ylabel(t(lang, "同一样本 BN 输出的标准差", "std of one sample's BN output"))
    ax.text(2.2, 0.04, t(lang, "评估模式（running 统计量）：恒为 0", "eval mode (running statistics): exactly 0"),
            color=COLORS[1])
    ax.set_ylim(0.02, 1.5)
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- BN vs LN axes
def _grid(ax, rows, cols, highlight, color, x0=0.0, y0=0.0):
    """Draw a rows x cols grid of cells; cells where highlight(r, c) is true are filled."""
    for r in range(rows):
        for c in range(cols):
            if highlight(r, c):
                ax.add_patch(Rectangle((x0 + c, y0 + rows - 1 - r), 1, 1, facecolor=color, alpha=0.75, linewidth=0))
    xs, ys = [], []  # all grid lines as one polyline, segments separated by NaN
    for c in range(cols + 1):
        xs += [x0 + c, x0 + c, np.nan]
        ys += [y0, y0 + rows, np.nan]
    for r in range(rows + 1):
        xs += [x0, x0 + cols, np.nan]
        ys += [y0 + r, y0 + r, np.nan]
    ax.plot(xs, ys, color="0.35", linewidth=0.8)


def _schematic(ax, title, width, height):
    ax.set_xlim(-1.6, width + 0.2)
    ax.set_ylim(-1.3, height + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10)


@functools.lru_cache(maxsize=None)
def _bn_ln_stats(N=32, C=16):
    """Per-feature and per-sample std of the same data after BN and after LN (gamma = 1, beta = 0)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, C)) * rng.uniform(0.5, 3.0, size=C) + rng.normal(0, 2, size=C) \
        + rng.normal(0, 2, size=(N, 1)) * rng.uniform(0.5, 2.0, size=(N, 1))
    bn, _ = batchnorm_forward(x, np.ones(C), np.zeros(C), np.zeros(C), np.ones(C), training=True)
    ln, _ = layernorm_forward(x, np.ones(C), np.zeros(C))
    return {name: (y.std(axis=0), y.std(axis=1)) for name, y in (("BN", bn), ("LN", ln))}


@figure("bn-vs-ln-axes")
def bn_vs_ln_axes(lang):
    """Which cells share one mean/variance under BN and LN, for (N, C) and (N, T, C); measured stds after each."""
    setup()
    fig = plt.figure(figsize=(9.0, 6.2))
    gs = fig.add_gridspec(2, 4, height_ratios=[1.0, 1.0])
    N, C, T = 5, 4, 3
    # (N, C): rows = samples, columns = features
    ax = fig.add_subplot(gs[0, 0])
    _grid(ax, N, C, lambda r, c: c == 1, COLORS[0])
    _schematic(ax, t(lang, "BN，(N, C)：\n一列 = 一个特征", "BN, (N, C):\none column = one feature"), C, N)
    ax.text(C / 2, -0.6, "C →", ha="center", va="top")
    ax.text(-0.3, N / 2, "N ↓", ha="right", va="center")
    ax = fig.add_subplot(gs[0, 1])
    _grid(ax, N, C, lambda r, c: r == 2, COLORS[1])
    _schematic(ax, t(lang, "LN，(N, C)：\n一行 = 一个样本", "LN, (N, C):\none row = one sample"), C, N)
    ax.text(-0.3, N / 2, "N ↓", ha="right", va="center")
    ax.text(C / 2, -0.6, "C →", ha="center", va="top")
    # (N, T, C): N blocks of T x C (tokens x channels), stacked vertically
    for k, (color, pick, title) in enumerate((
            (COLORS[0], lambda n, r, c: c == 1,
             t(lang, "BN，(N, T, C)：\n通道 c 的全部 N·T 个位置", "BN, (N, T, C):\nchannel c at all N·T positions")),
            (COLORS[1], lambda n, r, c: n == 1 and r == 1,
             t(lang, "LN，(N, T, C)：\n一个 token 的 C 维向量", "LN, (N, T, C):\none token's C-vector")))):
        ax = fig.add_subplot(gs[0, 2 + k])
        for n in range(3):
            _grid(ax, T, C, lambda r, c, n=n: pick(n, r, c), color, y0=(2 - n) * (T + 0.6))
            ax.text(-0.3, (2 - n) * (T + 0.6) + T / 2, f"n={n + 1}", ha="right", va="center", fontsize=8)
        _schematic(ax, title, C, 3 * T + 1.2)
        ax.text(C / 2, -0.6, "C →", ha="center", va="top")
    stats = _bn_ln_stats()
    for k, name in enumerate(("BN", "LN")):
        ax = fig.add_subplot(gs[1, 2 * k:2 * k + 2])
        per_feature, per_sample = stats[name]
        ax.plot(np.arange(1, len(per_feature) + 1), per_feature, color=COLORS[0],
                label=t(lang, "每个特征（列）的标准差", "std of each feature (column)"))
        ax.plot(np.arange(1, len(per_sample) + 1), per_sample, color=COLORS[1], linestyle="--",
                label=t(lang, "每个样本（行）的标准差", "std of each sample (row)"))
        ax.set_title(t(lang, f"{name} 之后（γ = 1, β = 0）", f"after {name} (γ = 1, β = 0)"))
        ax.set_xlabel(t(lang, "特征序号 c / 样本序号 n", "feature index c / sample index n"))
        ax.set_ylim(0, 2.6)
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- padding: BN vs LN in a sequence batch
@functools.lru_cache(maxsize=None)
def _padding_effect(N=4, T=16, C=8):
    """Output of one fixed token under BN over (N*T, C) and under LN, as more padding enters the batch."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, T, C)) + rng.normal(0, 1, size=C)
    pads = np.arange(0, (N - 1) * T - 3, 4)  # padded positions, taken from the end of sequences 2..N
    bn_out, ln_out = [], []
    for p in pads:
        xp = x.copy()
        flat = xp[1:].reshape(-1, C)        # never pad sequence 1, which holds the tracked token
        flat[len(flat) - p:] = 0.0          # padding = zero vectors (a common choice)
        xp[1:] = flat.reshape(N - 1, T, C)
        b, _ = batchnorm_forward(xp.reshape(-1, C), np.ones(C), np.zeros(C), np.zeros(C), np.ones(C), training=True)
        l, _ = layernorm_forward(xp, np.ones(C), np.zeros(C))
        bn_out.append(b.reshape(N, T, C)[0, 0])
        ln_out.append(l[0, 0])
    return pads, np.array(bn_out), np.array(ln_out), N * T


@figure("ln-padding-invariance")
def ln_padding_invariance(lang):
    """A token's normalised vector under BN (statistics over all positions) and LN as padding grows."""
    setup()
    pads, bn_out, ln_out, total = _padding_effect()
    frac = pads / total
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for c, ls in ((0, "-"), (1, "--")):
        ax.plot(frac, bn_out[:, c], linestyle=ls, marker="o", markersize=3, color=COLORS[0],
                label=f"BN, c = {c + 1}")
        ax.plot(frac, ln_out[:, c], linestyle=ls, marker="s", markersize=3, color=COLORS[1],
                label=f"LN, c = {c + 1}")
    ax.set_xlabel(t(lang, "批中填充（padding）位置的比例", "fraction of padded positions in the batch"))
    ax.set_ylabel(t(lang, "同一个 token 归一化后的值", "normalised value of the same token"))
    ax.legend(ncol=2, fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- Post-LN vs Pre-LN block diagram
def _box(ax, x, y, text, color):
    ax.add_patch(FancyBboxPatch((x - 0.9, y - 0.28), 1.8, 0.56, boxstyle="round,pad=0.05",
                                facecolor=color, edgecolor="0.3", alpha=0.9))
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax, x0, y0, x1, y1, **kw):
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(arrowstyle="->", color="0.25", lw=1.2, **kw))


def _plus(ax, x, y):
    ax.add_patch(plt.Circle((x, y), 0.2, facecolor="white", edgecolor="0.25"))
    ax.text(x, y, "+", ha="center", va="center", fontsize=12)


@figure("ln-placement")
def ln_placement(lang):
    """Post-LN (original Transformer) and Pre-LN blocks side by side."""
    setup()
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 4.6))
    sub = t(lang, "子层\n(注意力 / MLP)", "sublayer\n(attention / MLP)")
    # Post-LN: x -> [sublayer] -> + (skip from x) -> LN -> out
    ax = axes[0]
    _arrow(ax, 0, 0.0, 0, 0.95)
    _box(ax, 0, 1.5, sub, "#dbe9f6")
    _arrow(ax, 0, 2.05, 0, 2.8)
    _plus(ax, 0, 3.0)
    _arrow(ax, 0, 3.2, 0, 3.55)
    _box(ax, 0, 3.85, "LayerNorm", "#fbe3d6")
    _arrow(ax, 0, 4.15, 0, 4.8)
    ax.plot([0, 1.4, 1.4], [0.4, 0.4, 3.0], color="0.25", lw=1.2)
    _arrow(ax, 1.4, 3.0, 0.2, 3.0)
    ax.set_title(t(lang, "Post-LN（原始 Transformer）\nx ← LN(x + F(x))", "Post-LN (original Transformer)\nx ← LN(x + F(x))"))
    # Pre-LN: x -> LN -> [sublayer] -> + (skip from x) -> out
    ax = axes[1]
    _arrow(ax, 0, 0.0, 0, 0.75)
    _box(ax, 0, 1.05, "LayerNorm", "#fbe3d6")
    _arrow(ax, 0, 1.35, 0, 1.85)
    _box(ax, 0, 2.4, sub, "#dbe9f6")
    _arrow(ax, 0, 2.95, 0, 3.6)
    _plus(ax, 0, 3.8)
    _arrow(ax, 0, 4.0, 0, 4.8)
    ax.plot([0, 1.4, 1.4], [0.4, 0.4, 3.8], color=COLORS[2], lw=2.0)
    _arrow(ax, 1.4, 3.8, 0.2, 3.8, )
    ax.text(1.5, 2.1, t(lang, "恒等路径\n不经过 LN", "identity path,\nno LN on it"), color=COLORS[2], fontsize=9)
    ax.set_title(t(lang, "Pre-LN（GPT-2 起常用）\nx ← x + F(LN(x))", "Pre-LN (common since GPT-2)\nx ← x + F(LN(x))"))
    for ax in axes:
        ax.text(0, -0.15, "x", ha="center", va="top", fontsize=11)
        ax.set_xlim(-1.6, 2.6)
        ax.set_ylim(-0.6, 5.0)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig
