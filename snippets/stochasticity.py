"""Separate seeds for separate sources of randomness, on the chapter's small spirals run.

Each source gets its own np.random.Generator, so one can be varied while the others stay fixed:
the data (generation and train/validation split), the weight initialisation, and the data order
(the per-epoch shuffle; fit also draws dropout masks from this generator).
"""
import numpy as np

from snippets.data import make_spirals, train_val_split
from snippets.mlp import init_two_layer
from snippets.optimizers import Adam
from snippets.train import PARAM_KEYS, fit


def _seed(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")


# --8<-- [start:seeded_run]
def seeded_run(*, init_seed, order_seed, data_seed=1234, n=300, hidden=32, epochs=12, batch_size=20, lr=0.02,
               dropout_p=0.0):
    """Train a 2 -> hidden -> 3 ReLU net (Adam) on make_spirals(n) split 50/50; return the final validation accuracy.

    data_seed fixes the data set and split, init_seed the weights (init_two_layer, Kaiming),
    order_seed the mini-batch order (and dropout masks). Same three seeds -> bit-identical result.
    """
    for name, value in (("init_seed", init_seed), ("order_seed", order_seed), ("data_seed", data_seed)):
        _seed(name, value)
    data_rng = np.random.default_rng(data_seed)
    X, y = make_spirals(n, data_rng, noise=0.2)
    data = train_val_split(X, y, 0.5, data_rng)
    params = init_two_layer(2, hidden, 3, np.random.default_rng(init_seed))
    hist = fit(params, data, optimizer=Adam([params[k] for k in PARAM_KEYS], lr=lr), epochs=epochs,
               batch_size=batch_size, rng=np.random.default_rng(order_seed), dropout_p=dropout_p)
    return hist["val_acc"][-1]
# --8<-- [end:seeded_run]
