# ---
# title: "动手实践：优化器对比"
# description: SGD、动量、Nesterov、Adagrad、RMSprop、Adam 与 AdamW 从同一组初始权重出发、在同一份数据上训练同一个网络：损失曲线、准确率和对学习率的敏感度，构建网站时实际运行。
# ---

# %% [markdown]
# # 在同一个任务上比较优化器 { #optimizer-comparison }
#
# 下面每个优化器都从**同一组初始权重**出发，并且**按同样的顺序看到同样的小批量**，所以曲线之间唯一的差别
# 就是更新规则本身。这些更新规则来自 `snippets/optimizers.py` 中与 `torch.optim` 对齐的实现，
# [优化器一章](../optimizers/index.md)逐个讲解了它们。每次构建网站时本笔记本都会重新执行；可以下载带输出的
# 版本（[`.ipynb`](optimizer-comparison.ipynb)）或源文件（[`.py`](optimizer-comparison.py)），在仓库根目录下运行。
#
# ## 1. 任务与公平的起点 { #setup }

# %%
LANG = "zh"  # 图中文字的语言
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
# ## 2. 各优化器取常用学习率 { #typical-settings }
#
# 学习率取各自常见的起点：SGD 一类约 0.1；自适应方法约 $10^{-3}$ 到 $10^{-2}$（它们的步长已经按坐标归一化过）。

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
# 学习率相同、更新次数相同时，带动量的 SGD 比普通 SGD 走得远得多
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
# ## 3. 对学习率的敏感度 { #lr-sensitivity }
#
# 每个优化器只画一条曲线，会掩盖它到底需要调多少参。把学习率从 $10^{-4}$ 扫到 $1$，记录训练结束时的损失，
# 再数一数有多少个学习率能把损失降下来：Adam 按坐标归一化步长，可用的学习率范围至少和动量 SGD 一样宽，
# 而且在小得多的学习率下就能收敛。但它并非免调参：学习率最大时它同样会失败。

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
assert not final["Adam"][-1] < 0.3  # 学习率为 1 时 Adam 也训不好

# %%
fig, ax = plt.subplots(figsize=(5, 3.4))
for name, losses in final.items():
    ax.loglog(lrs, losses, marker="o", label=name)
ax.set_xlabel("learning rate" if LANG == "en" else "学习率")
ax.set_title("final training loss after 20 epochs" if LANG == "en" else "训练 20 个 epoch 后的训练损失")
ax.legend()
fig.tight_layout()
