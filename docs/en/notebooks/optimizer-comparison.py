# ---
# title: "Notebook: comparing optimizers"
# description: SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW train the same network on the same data from the same initialisation - loss curves, accuracy and learning-rate sensitivity, executed at build time.
# ---

# %% [markdown]
# # Comparing optimizers on one task { #optimizer-comparison }
#
# Every optimizer below starts from **the same initial weights** and sees **the same mini-batches in the
# same order**, so the only difference between the curves is the update rule. The rules are the
# `torch.optim`-compatible classes of `snippets/optimizers.py`, explained one by one in the
# [optimizers chapter](../optimizers/index.md). The notebook is executed on every build of the site;
# download it with outputs ([`.ipynb`](optimizer-comparison.ipynb)) or as source
# ([`.py`](optimizer-comparison.py)) and run it from the repository root.
#
# ## 1. Task and a fair start { #setup }

# %%
LANG = "en"  # labels of the figures
import numpy as np
import matplotlib.pyplot as plt

from snippets.data import make_spirals, train_val_split
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop
from snippets.train import PARAM_KEYS, fit

rng = np.random.default_rng(0)
X, y = make_spirals(600, rng, classes=3, noise=0.2)
data = train_val_split(X, y, 0.25, rng)
initial = init_two_layer(2, 64, 3, np.random.default_rng(1), init="kaiming")


def run(make_optimizer, epochs=40):
    """Train a fresh copy of the same initial weights; the batch order is seeded identically."""
    params = {k: v.copy() for k, v in initial.items()}
    optimizer = make_optimizer([params[k] for k in PARAM_KEYS])
    return fit(params, data, optimizer=optimizer, epochs=epochs, batch_size=32, rng=np.random.default_rng(2))

# %% [markdown]
# ## 2. Each optimizer with a typical learning rate { #typical-settings }
#
# The learning rates are the usual starting points: about 0.1 for SGD-type methods, about $10^{-3}$
# to $10^{-2}$ for the adaptive ones (their step is already normalised per coordinate).

# %%
settings = {
    "SGD": lambda p: SGD(p, lr=0.1),
    "SGD + momentum": lambda p: SGD(p, lr=0.1, momentum=0.9),
    "Nesterov": lambda p: SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "Adagrad": lambda p: Adagrad(p, lr=0.1),
    "RMSprop": lambda p: RMSprop(p, lr=0.01),
    "Adam": lambda p: Adam(p, lr=0.01),
    "AdamW": lambda p: AdamW(p, lr=0.01, weight_decay=1e-2),
}
histories = {name: run(make) for name, make in settings.items()}
print(f"{'optimizer':<16}{'train loss':>12}{'val acc':>10}")
for name, h in histories.items():
    print(f"{name:<16}{h['train_loss'][-1]:>12.4f}{h['val_acc'][-1]:>10.3f}")
assert all(h["diverged_at_step"] is None for h in histories.values())
# with the same lr, momentum gets much further than plain SGD in the same number of updates
assert histories["SGD + momentum"]["train_loss"][-1] < 0.5 * histories["SGD"]["train_loss"][-1]

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
for name, h in histories.items():
    ax1.semilogy(h["train_loss"], label=name)
    ax2.plot(h["val_acc"], label=name)
ax1.set_xlabel("epoch")
ax1.set_title("training loss (log scale)" if LANG == "en" else "训练损失（对数轴）")
ax2.set_xlabel("epoch")
ax2.set_title("validation accuracy" if LANG == "en" else "验证集准确率")
ax2.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## 3. Sensitivity to the learning rate { #lr-sensitivity }
#
# A single curve per optimizer hides how much tuning it needed. Sweep the learning rate from $10^{-4}$
# to $1$ and record the final training loss. Count the learning rates that reach a low loss: Adam's
# per-coordinate normalisation makes it usable over at least as wide a range as momentum SGD, and it
# reaches low losses at much smaller learning rates. It is not tuning-free, though: at the largest
# learning rates it fails too.

# %%
lrs = np.logspace(-4, 0, 9)
sweep = {
    "SGD + momentum": [run(lambda p, lr=lr: SGD(p, lr=lr, momentum=0.9), epochs=20) for lr in lrs],
    "Adam": [run(lambda p, lr=lr: Adam(p, lr=lr), epochs=20) for lr in lrs],
}
final = {name: np.array([h["train_loss"][-1] if h["diverged_at_step"] is None else np.nan for h in runs])
         for name, runs in sweep.items()}
for name, losses in final.items():
    good = lrs[losses < 0.3]
    print(f"{name:<16} loss < 0.3 for lr in [{good.min():.0e}, {good.max():.0e}]  ({len(good)} of {len(lrs)} values)")
good_count = {name: int(np.sum(losses < 0.3)) for name, losses in final.items()}
assert good_count["Adam"] >= good_count["SGD + momentum"]
assert final["Adam"][np.isclose(lrs, 1e-2)][0] < 0.3 and not final["SGD + momentum"][np.isclose(lrs, 1e-2)][0] < 0.3
assert not final["Adam"][-1] < 0.3  # lr = 1 is too large for Adam as well

# %%
fig, ax = plt.subplots(figsize=(5, 3.4))
for name, losses in final.items():
    ax.loglog(lrs, losses, marker="o", label=name)
ax.set_xlabel("learning rate" if LANG == "en" else "学习率")
ax.set_title("final training loss after 20 epochs" if LANG == "en" else "训练 20 个 epoch 后的训练损失")
ax.legend()
fig.tight_layout()
