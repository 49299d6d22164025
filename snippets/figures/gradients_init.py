"""Figures of the vanishing/exploding-gradients and initialisation chapter.

Every curve is measured by running the snippets with fixed seeds (nothing is drawn from a formula).
"""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from snippets.data import make_spirals, train_val_split
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD
from snippets.rnn import (first_input_task, hidden_gradient_norms, matrix_with_spectral_radius, repeated_matmul_norms,
                          rnn_forward, train_rnn)
from snippets.train import PARAM_KEYS, evaluate, fit
from snippets.vanishing import activation_gradient_norms, pre_activation_stds

INITS = ("naive", "standard", "xavier", "he")
INIT_LABELS = {"naive": "N(0, 0.01²)", "standard": "N(0, 1)", "xavier": "Xavier", "he": "He"}
DEPTH, WIDTH = 20, 128
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _log_axis(ax, numticks=6):
    """Decades as plain-text 10ⁿ labels (no mathtext: cheaper to render), no minor ticks."""
    ax.yaxis.set_major_locator(LogLocator(base=10.0, numticks=numticks))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _: "10" + str(int(round(np.log10(v)))).translate(_SUPERSCRIPT)))


@functools.lru_cache(maxsize=None)
def _deep_stack_signals():
    """{(activation, init): (pre-activation stds, ||dL/dh_l||)} of a 20-layer, 128-wide stack."""
    out = {}
    for activation in ("sigmoid", "tanh", "relu"):
        for init in INITS:
            X = np.random.default_rng(0).normal(size=(256, WIDTH))
            out[(activation, init)] = (pre_activation_stds(X, DEPTH, activation, init, np.random.default_rng(1)),
                                       activation_gradient_norms(X, DEPTH, activation, init, np.random.default_rng(1)))
    return out


@figure("init-signal-depth")
def init_signal_depth(lang):
    """Forward std of z_l and backward ||dL/dh_l|| per layer, for three activations and four inits."""
    setup()
    data = _deep_stack_signals()
    fig, axes = plt.subplots(2, 3, figsize=(10.0, 6.0), sharex=True, sharey="row")
    layers = np.arange(1, DEPTH + 1)
    for col, activation in enumerate(("sigmoid", "tanh", "relu")):
        for color, init in zip(COLORS, INITS):
            stds, grads = data[(activation, init)]
            axes[0, col].semilogy(layers, stds, color=color, label=INIT_LABELS[init])
            axes[1, col].semilogy(np.arange(0, DEPTH), grads, color=color)
        axes[0, col].set_title(activation)
        axes[1, col].set_xlabel(t(lang, "层号 l（0/1 = 最靠近输入）", "layer l (0/1 = next to the input)"))
        for ax in axes[:, col]:
            _log_axis(ax)
    axes[0, 0].set_ylabel(t(lang, "前向：std(z_l)", "forward: std(z_l)"))
    axes[1, 0].set_ylabel(t(lang, "反向：‖∂L/∂h_l‖", "backward: ‖∂L/∂h_l‖"))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=4, bbox_to_anchor=(0.5, 1.04))
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _recurrent_products(steps=100, n=64):
    """Linear: ||W^t v|| for spectral radius 0.9/1/1.1. tanh RNN: ||dL/dh_t|| for W_hh = rho * orthogonal."""
    linear = {}
    for rho in (0.9, 1.0, 1.1):
        rng = np.random.default_rng(0)
        W = matrix_with_spectral_radius(n, rho, rng)
        linear[rho] = repeated_matmul_norms(W.T, rng.normal(size=n), steps)
    rnn = {}
    for rho in (0.9, 1.1, 1.5, 3.0):
        rng = np.random.default_rng(0)
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        X = rng.normal(size=(32, steps, 1))
        _, cache = rnn_forward(X, np.zeros((32, n)), rng.normal(size=(n, 1)), rho * Q, np.zeros(n))
        rnn[rho] = hidden_gradient_norms(cache, rng.normal(size=(32, n)))[::-1]  # index = T - t
    return linear, rnn


@figure("recurrent-gradient-power")
def recurrent_gradient_power(lang):
    """Repeated multiplication by one matrix: linear recurrence, then a tanh RNN's BPTT gradient."""
    setup()
    linear, rnn = _recurrent_products()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8))
    for color, (rho, norms) in zip(COLORS, linear.items()):
        ax1.semilogy(np.arange(len(norms)), norms, color=color, label=f"ρ(W) = {rho}")
    ax1.set_xlabel(t(lang, "乘法次数 t", "multiplications t"))
    ax1.set_ylabel("‖(Wᵀ)ᵗ v‖")
    ax1.set_title(t(lang, "线性：只看谱半径 ρ", "linear: set by the spectral radius ρ"))
    ax1.legend()
    for color, (rho, norms) in zip(COLORS, rnn.items()):
        ax2.semilogy(np.arange(len(norms)), norms, color=color, label=f"W_hh = {rho}·Q")
    ax2.set_xlabel(t(lang, "回传步数 T − t", "steps back in time T − t"))
    ax2.set_ylabel("‖∂L/∂h_t‖")
    ax2.set_title(t(lang, "tanh RNN：ρ 与 f′ 共同决定", "tanh RNN: ρ and f′ together"))
    ax2.legend(fontsize=8)
    for ax in (ax1, ax2):
        _log_axis(ax)
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def clipping_runs(lr=0.3, steps=200, batch_size=32, max_norm=1.0):
    """The same seeded tanh-RNN run with plain SGD at lr 0.3, without and with clip_grad_norm(1.0)."""
    out = {}
    for clip in (None, max_norm):
        rng = np.random.default_rng(0)
        X, y, params = first_input_task(rng)
        out[clip] = train_rnn(params, X, y, lr=lr, steps=steps, batch_size=batch_size, rng=rng, clip_norm=clip)
    return out


@figure("gradient-clipping-run")
def gradient_clipping_run(lang):
    """Loss and pre-clipping gradient norm per step of the same RNN run, unclipped vs clipped."""
    setup()
    runs = clipping_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8), sharex=True)
    labels = {None: t(lang, "不裁剪", "no clipping"), 1.0: t(lang, "裁剪 max_norm = 1", "clip max_norm = 1")}
    cap = 1e6  # the unclipped run reaches 1e300 before NaN: draw it up to here, then an arrow
    for color, (clip, h) in zip(COLORS, runs.items()):
        for ax, key in ((ax1, "loss"), (ax2, "grad_norm")):
            v = np.asarray(h[key])
            last = int(np.argmax(v > cap)) if np.any(v > cap) else len(v)
            ax.semilogy(np.arange(last + (last < len(v))), np.minimum(v[:last + 1], cap), color=color,
                        linewidth=1.0, label=labels[clip])
            if last < len(v):
                ax.annotate(t(lang, f"冲出图外，第 {h['diverged_at_step']} 步变为 NaN",
                              f"off the chart; NaN at step {h['diverged_at_step']}"),
                            xy=(last, cap), xytext=(last + 25, cap / 30), color=color,
                            arrowprops={"arrowstyle": "->", "color": color})
        ax.set_ylim(top=cap * 3)
    ax1.set_ylabel(t(lang, "训练损失（MSE）", "training loss (MSE)"))
    ax2.set_ylabel(t(lang, "裁剪前的梯度范数 ‖g‖", "gradient norm before clipping ‖g‖"))
    for ax in (ax1, ax2):
        ax.set_xlabel(t(lang, "迭代步", "step"))
        _log_axis(ax, numticks=8)
    ax1.legend(loc="center right")
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def symmetry_runs(epochs=40, H=32):
    """Two-layer ReLU net on spirals trained by snippets.train.fit from zero, constant and He init.

    Returns {init: (val accuracy per epoch, max_j ||W1[:, j] - W1[:, 0]|| per epoch)}, epoch 0 = start.
    """
    rng = np.random.default_rng(0)
    X, y = make_spirals(450, rng)
    data = train_val_split(X, y, 1 / 3, rng)
    out = {}
    for init in ("zeros", "constant", "kaiming"):
        rng = np.random.default_rng(1)
        params = init_two_layer(2, H, 3, rng, init="zeros" if init == "zeros" else "kaiming")
        if init == "constant":
            params["W1"][:] = 0.5
            params["W2"][:] = 0.5
        opt = SGD([params[k] for k in PARAM_KEYS], lr=0.5, momentum=0.9)
        acc = [evaluate(params, data[2], data[3])[1]]
        spread = [float(np.abs(params["W1"] - params["W1"][:, :1]).max())]
        for _ in range(epochs):
            acc.append(fit(params, data, optimizer=opt, epochs=1, batch_size=30, rng=rng)["val_acc"][-1])
            spread.append(float(np.abs(params["W1"] - params["W1"][:, :1]).max()))
        out[init] = (np.array(acc), np.array(spread), params)
    return out


@figure("zero-init-symmetry")
def zero_init_symmetry(lang):
    """Validation accuracy and the spread between hidden units, for zero / constant / He init."""
    setup()
    runs = symmetry_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8), sharex=True)
    labels = {"zeros": t(lang, "全零", "all zeros"), "constant": t(lang, "常数 0.5", "constant 0.5"),
              "kaiming": t(lang, "随机（He）", "random (He)")}
    for color, (init, (acc, spread, _)) in zip(COLORS, runs.items()):
        epochs = np.arange(len(acc))
        ax1.plot(epochs, acc, color=color, label=labels[init])
        ax2.plot(epochs, spread, color=color, label=labels[init], linestyle="--" if init == "zeros" else "-",
                 zorder=3 if init == "zeros" else 2)  # zeros and constant both sit at 0: draw zeros on top
    ax1.set_ylabel(t(lang, "验证集准确率", "validation accuracy"))
    ax2.set_ylabel("max_j ‖W1[:, j] − W1[:, 0]‖∞")
    for ax in (ax1, ax2):
        ax.set_xlabel(t(lang, "训练轮数（epoch）", "epoch"))
    ax2.legend(loc="upper left")
    fig.tight_layout()
    return fig
