"""Figures of the training-practice chapter: every curve is a real, seeded run of the snippets."""
import functools

import numpy as np
import matplotlib.pyplot as plt

from snippets.data import make_moons, make_spirals, train_val_split
from snippets.dead_relu import fit_tracking_dead, inactive_fraction_per_unit
from snippets.debugging import overfit_tiny_batch, train_val_gap_run
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD, Adam
from snippets.regularization import moons_experiment
from snippets.stochasticity import seeded_run
from snippets.train import PARAM_KEYS
from snippets.weight_averaging import train_with_ema


# ---------------------------------------------------------------- overfit a tiny batch first
@functools.lru_cache(maxsize=None)
def _overfit_runs():
    rng = np.random.default_rng(0)
    X, y = make_spirals(300, rng)
    X, y = X[:16], y[:16]
    tiny = {}
    for name, bias in (("ok", 0.0), ("dead", -10.0)):
        p = init_two_layer(2, 64, 3, np.random.default_rng(1), bias=bias)
        tiny[name] = overfit_tiny_batch(p, X, y, optimizer=Adam([p[k] for k in PARAM_KEYS], lr=3e-2), steps=200,
                                        rng=rng)
    full = {name: moons_experiment(**kw)[1] for name, kw in (("none", {}), ("l2", {"l2": 1e-2}))}
    return tiny, full


@figure("overfit-tiny-batch-first")
def overfit_tiny_batch_first(lang):
    """(a) The tiny-batch sanity check: a working net drives the loss to ~0, an all-dead one cannot.
    (b) Then the full data: a big net overfits (val loss rises) until it is regularised (L2)."""
    setup()
    tiny, full = _overfit_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    steps = np.arange(len(tiny["ok"]))[::2]
    ax1.semilogy(steps, tiny["ok"][::2], color=COLORS[0], label=t(lang, "正常网络", "working net"))
    ax1.semilogy(steps, tiny["dead"][::2], color=COLORS[1], linestyle="--",
                 label=t(lang, "b₁ = −10：单元全死", "b₁ = −10: all units dead"))
    ax1.set_xlabel(t(lang, "全批量迭代步数", "full-batch step"))
    ax1.set_ylabel(t(lang, "训练损失（16 个样本）", "training loss (16 samples)"))
    ax1.set_title("(a)")
    ax1.legend()
    epochs = np.arange(len(full["none"]["train_loss"]))[::2]
    for color, name, label in ((COLORS[1], "none", t(lang, "无正则", "no regularisation")),
                               (COLORS[2], "l2", "L2, λ = 0.01")):
        ax2.plot(epochs, full[name]["train_loss"][::2], color=color, linestyle=":", linewidth=1.4)
        ax2.plot(epochs, full[name]["val_loss"][::2], color=color, label=label)
    ax2.plot([], [], color="0.4", linestyle=":", label=t(lang, "训练", "train"))
    ax2.plot([], [], color="0.4", label=t(lang, "验证", "validation"))
    ax2.set_xlabel("epoch")
    ax2.set_ylabel(t(lang, "交叉熵损失", "cross-entropy loss"))
    ax2.set_title("(b)")
    ax2.set_ylim(0, 0.9)
    ax2.legend(ncol=2, fontsize=8.5)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- validation loss below training loss
@functools.lru_cache(maxsize=None)
def _gap_runs():
    return train_val_gap_run(dropout_p=0.5), train_val_gap_run(dropout_p=0.0, epochs=10)


@figure("val-below-train-dropout")
def val_below_train_dropout(lang):
    """(a) With dropout p = 0.5 the reported (epoch-mean, training-mode) loss sits above the validation loss.
    (b) Without dropout, the epoch mean lags the end-of-epoch loss by about half an epoch."""
    setup()
    drop, plain = _gap_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    e = np.arange(1, len(drop["val"]) + 1)
    ax1.plot(e, drop["train_reported"], color=COLORS[1],
             label=t(lang, "训练损失（打印值：dropout 开，epoch 平均）", "train loss as logged (dropout on, epoch mean)"))
    ax1.plot(e, drop["val"], color=COLORS[0], label=t(lang, "验证损失（eval 模式，epoch 末）", "val loss (eval mode, end of epoch)"))
    ax1.plot(e, drop["train_eval"], color=COLORS[2], linestyle="--",
             label=t(lang, "训练集损失（eval 模式，epoch 末）", "train-set loss (eval mode, end of epoch)"))
    ax1.set_title("(a) dropout p = 0.5")
    ax1.set_xlabel("epoch")
    ax1.set_ylabel(t(lang, "交叉熵损失", "cross-entropy loss"))
    ax1.legend(fontsize=8)
    e = np.arange(1, len(plain["val"]) + 1)
    ax2.plot(e, plain["train_reported"], color=COLORS[1], marker="o", markersize=3,
             label=t(lang, "epoch 平均训练损失，画在 epoch e", "epoch-mean train loss, at epoch e"))
    ax2.plot(e - 0.5, plain["train_reported"], color=COLORS[1], linestyle=":", marker="o", markersize=3,
             label=t(lang, "同一曲线左移半个 epoch", "same curve shifted by −½ epoch"))
    ax2.plot(e, plain["train_eval"], color=COLORS[2], linestyle="--", marker="s", markersize=3,
             label=t(lang, "epoch 末的训练集损失", "train-set loss at end of epoch"))
    ax2.plot(e, plain["val"], color=COLORS[0], label=t(lang, "epoch 末的验证损失", "val loss at end of epoch"))
    ax2.set_title(t(lang, "(b) 无 dropout", "(b) no dropout"))
    ax2.set_xlabel("epoch")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- fluctuating weights and EMA
@functools.lru_cache(maxsize=None)
def _ema_runs():
    out = {}
    for name, lr, batch in (("high", 0.3, 8), ("low", 0.03, 32)):
        rng = np.random.default_rng(0)
        X, y = make_moons(400, rng, noise=0.25)
        data = train_val_split(X, y, 0.5, rng)
        p = init_two_layer(2, 32, 2, rng)
        out[name] = train_with_ema(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=lr, momentum=0.9),
                                   steps=600, batch_size=batch, decay=0.98, rng=rng, eval_every=10)
    return out


@figure("weight-ema-smoothing")
def weight_ema_smoothing(lang):
    """Validation loss of the raw weights and of their EMA (decay 0.98) for a noisy (high lr, batch 8) run,
    and of the raw weights of a calm run (lr 10x lower, batch 32)."""
    setup()
    runs = _ema_runs()
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    high, low = runs["high"], runs["low"]
    ax.plot(high["step"], high["val_raw"], color=COLORS[1], linewidth=1.2,
            label=t(lang, "原始权重：η = 0.3，批量 8", "raw weights: η = 0.3, batch 8"))
    ax.plot(high["step"], high["val_ema"], color=COLORS[0],
            label=t(lang, "同一次训练的权重 EMA（衰减 0.98）", "EMA of the same run's weights (decay 0.98)"))
    ax.plot(low["step"], low["val_raw"], color=COLORS[2], linestyle="--",
            label=t(lang, "原始权重：η = 0.03，批量 32", "raw weights: η = 0.03, batch 32"))
    ax.set_xlabel(t(lang, "迭代步数", "step"))
    ax.set_ylabel(t(lang, "验证损失", "validation loss"))
    ax.set_ylim(0, 1.2)
    ax.legend(fontsize=8.5)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- dead ReLUs
DEAD_SETTINGS = (("sane", 0.1, 0.0), ("lr1", 1.0, 0.0), ("lr2", 2.0, 0.0), ("bias", 0.1, -1.0))


@functools.lru_cache(maxsize=None)
def _dead_runs(epochs=30):
    out = {}
    for name, lr, bias in DEAD_SETTINGS:
        rng = np.random.default_rng(0)
        X, y = make_spirals(300, rng)
        data = train_val_split(X, y, 0.3, rng)
        p = init_two_layer(2, 100, 3, rng, bias=bias)
        h = fit_tracking_dead(p, data, optimizer=SGD([p[k] for k in PARAM_KEYS], lr=lr, momentum=0.9),
                              epochs=epochs, batch_size=32, rng=rng)
        out[name] = (h, inactive_fraction_per_unit(data[0] @ p["W1"] + p["b1"]))
    return out


@figure("dead-relu-fraction")
def dead_relu_fraction(lang):
    """(a) Fraction of dead hidden units (z <= 0 on every training sample) per epoch for four settings.
    (b) Per-unit fraction of zero outputs at the end of the η = 1 run: dead units pile up at 1."""
    setup()
    runs = _dead_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.6), gridspec_kw={"width_ratios": [1.4, 1]})
    acc = t(lang, "验证准确率", "val acc")
    for color, (name, lr, bias) in zip(COLORS, DEAD_SETTINGS):
        h = runs[name][0]
        ax1.plot(np.arange(len(h["dead_fraction"])), h["dead_fraction"], color=color,
                 label=f"η = {lr:g}, b₁ = {bias:g}  ({acc} {h['val_acc'][-1]:.0%})".replace("-", "−"))
    ax1.set_xlabel("epoch")
    ax1.set_title("(a)")
    ax1.set_ylabel(t(lang, "死亡单元比例", "fraction of dead units"))
    ax1.set_ylim(-0.03, 1.45)
    ax1.set_yticks(np.linspace(0, 1, 6))
    ax1.legend(fontsize=8, loc="upper left")
    frac = runs["lr1"][1]
    dead = frac == 1.0
    ax2.hist(frac[~dead], bins=np.linspace(0, 1, 21), color=COLORS[0], label=t(lang, "存活（< 1）", "alive (< 1)"))
    ax2.bar([1.0], [np.count_nonzero(dead)], width=0.04, color=COLORS[1],
            label=t(lang, f"死亡（= 1）：{np.count_nonzero(dead)} 个", f"dead (= 1): {np.count_nonzero(dead)}"))
    ax2.legend(fontsize=8, loc="upper left")
    ax2.set_title("(b) η = 1")
    ax2.set_xlabel(t(lang, "输出为 0 的样本比例", "fraction of samples with output 0"))
    ax2.set_ylabel(t(lang, "单元个数", "number of units"))
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- stochasticity: seeds
@functools.lru_cache(maxsize=None)
def _seed_runs(n=8):
    return {
        "init": [seeded_run(init_seed=i, order_seed=0) for i in range(n)],
        "order": [seeded_run(init_seed=0, order_seed=j) for j in range(n)],
        "both": [seeded_run(init_seed=100 + i, order_seed=100 + i) for i in range(n)],
    }


@figure("seed-spread")
def seed_spread(lang):
    """Final validation accuracy of the same model, data and hyperparameters over 8 seeds per condition."""
    setup()
    runs = _seed_runs()
    fig, ax = plt.subplots(figsize=(7.0, 3.4))
    labels = [t(lang, "只变初始化种子", "init seed varies"), t(lang, "只变数据顺序种子", "data-order seed varies"),
              t(lang, "两者都变", "both vary")]
    for i, (color, key) in enumerate(zip(COLORS, ("init", "order", "both"))):
        accs = np.asarray(runs[key])
        offsets = np.linspace(-0.18, 0.18, len(accs))  # deterministic jitter
        ax.plot(i + offsets, accs, linestyle="none", marker="o", color=color)
        ax.plot([i - 0.25, i + 0.25], [accs.mean()] * 2, color="0.2", linewidth=1.2)
    ax.set_xticks(range(3), labels)
    ax.set_ylabel(t(lang, "最终验证准确率", "final validation accuracy"))
    fig.tight_layout()
    return fig
