"""Figures of the loss-functions chapter, computed with snippets.losses and snippets.margin_losses."""
import functools

import numpy as np
import matplotlib.pyplot as plt

from snippets.activations import sigmoid, softmax
from snippets.losses import binary_cross_entropy_with_logits, sigmoid_mse
from snippets.margin_losses import arcface_logits, cosface_logits
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t


@functools.lru_cache(maxsize=None)
def _saturation_curves():
    """Per-example loss and dL/dz for target 1 as the logit z varies (each point a batch of one)."""
    z = np.linspace(-8, 8, 161)
    one = np.ones(1)
    bce = [binary_cross_entropy_with_logits(np.array([v]), one) for v in z]
    mse = [sigmoid_mse(np.array([v]), one) for v in z]
    return (z, np.array([l for l, _ in bce]), np.array([g[0] for _, g in bce]),
            np.array([l for l, _ in mse]), np.array([g[0] for _, g in mse]))


@figure("ce-vs-mse-gradient")
def ce_vs_mse_gradient(lang):
    """Loss and |dL/dz| of cross-entropy vs MSE on a sigmoid output, target 1, against the logit z."""
    setup()
    z, l_ce, g_ce, l_mse, g_mse = _saturation_curves()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.6, 3.6))
    ax1.plot(z, l_ce, color=COLORS[0], label=t(lang, "交叉熵 −log σ(z)", "cross-entropy −log σ(z)"))
    ax1.plot(z, l_mse, color=COLORS[1], linestyle="--", label=t(lang, "均方误差 (σ(z) − 1)²", "MSE (σ(z) − 1)²"))
    ax1.set_ylabel(t(lang, "损失", "loss"))
    ax1.set_ylim(0, 5)
    ax2.plot(z, np.abs(g_ce), color=COLORS[0], label="|σ(z) − 1|")
    ax2.plot(z, np.abs(g_mse), color=COLORS[1], linestyle="--", label="|2(σ(z) − 1)·σ(z)(1 − σ(z))|")
    ax2.set_ylabel("|∂L/∂z|")
    ax2.set_ylim(0, 1.1)
    for ax in (ax1, ax2):
        ax.axvspan(-8, -3, color="0.85", alpha=0.5, lw=0)
        ax.set_xlabel(t(lang, "logit z（目标 t = 1）", "logit z (target t = 1)"))
        ax.legend(loc="upper right", fontsize=8.5)
    ax2.text(-5.5, 0.55, t(lang, "自信地\n判错", "confidently\nwrong"), ha="center", fontsize=9, color="0.3")
    fig.tight_layout()
    return fig


LOGITS = np.array([2.0, 1.0, 0.1, -1.0])


@figure("sigmoid-vs-softmax")
def sigmoid_vs_softmax(lang):
    """sigmoid and softmax of the same logit vector, side by side, with their sums."""
    setup()
    sg, sm = sigmoid(LOGITS), softmax(LOGITS)
    k = np.arange(len(LOGITS))
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    ax.bar(k - 0.2, sg, width=0.38, color=COLORS[1], label=f"sigmoid(z):  Σ = {sg.sum():.2f}")
    ax.bar(k + 0.2, sm, width=0.38, color=COLORS[0], label=f"softmax(z):  Σ = {sm.sum():.2f}")
    for i in k:
        ax.text(i - 0.2, sg[i] + 0.02, f"{sg[i]:.2f}", ha="center", fontsize=8)
        ax.text(i + 0.2, sm[i] + 0.02, f"{sm[i]:.2f}", ha="center", fontsize=8)
    ax.set_xticks(k, [f"z{i + 1} = {v:g}" for i, v in enumerate(LOGITS)])
    ax.set_ylabel(t(lang, "输出概率", "output probability"))
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _margin_curves(s=1.0):
    """Target-class logit / s against the angle theta for plain normalised softmax, CosFace and ArcFace."""
    theta = np.linspace(0, np.pi, 181)
    cos = np.cos(theta)[:, None]                     # one class per row: its own target
    y = np.zeros(len(theta), dtype=np.int64)
    cosface = cosface_logits(cos, y, s=s, m=0.35)[0][:, 0] / s
    arcface = arcface_logits(cos, y, s=s, m=0.5)[0][:, 0] / s
    return theta, cos[:, 0], cosface, arcface


@figure("margin-logits")
def margin_logits(lang):
    """Target logit (divided by s) against theta: cos theta, cos theta - m (CosFace), cos(theta + m) (ArcFace)."""
    setup()
    theta, plain, cosface, arcface = _margin_curves()
    deg = np.degrees(theta)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(deg, plain, color=COLORS[6], label=t(lang, "softmax（归一化）：cos θ", "normalised softmax: cos θ"))
    ax.plot(deg, cosface, color=COLORS[0], linestyle="--", label="CosFace: cos θ − 0.35")
    ax.plot(deg, arcface, color=COLORS[1], linestyle="-.", label="ArcFace: cos(θ + 0.5)")
    ax.axvline(180 - np.degrees(0.5), color="0.6", linewidth=0.8, linestyle=":")
    ax.set_xlabel(t(lang, "特征与真实类别权重的夹角 θ（度）", "angle θ between feature and true-class weight (degrees)"))
    ax.set_ylabel(t(lang, "真实类别的 logit / s", "true-class logit / s"))
    ax.set_xticks([0, 30, 60, 90, 120, 150, 180])
    ax.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig
