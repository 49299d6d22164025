"""Weight sharing in its simplest form: a 1-D convolution (one kernel, one channel).

The same K weights are used at every position of the input, so the layer has K + 1 parameters
whatever the input length, and the gradient of each shared weight is the SUM over positions.
Like torch.nn.functional.conv1d this is cross-correlation (the kernel is not flipped), "valid"
padding, stride 1.
"""
import numpy as np


# --8<-- [start:conv1d_forward]
def conv1d_forward(x, w, b):
    """1-D convolution with ONE shared kernel; returns (out, cache) with out (N, L - K + 1).

    out[n, i] = sum_k w[k] * x[n, i + k] + b, for x (N, L), w (K,), b scalar: the same K weights
    at every position i, so the layer has K + 1 parameters whatever L is.
    """
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 2 or w.ndim != 1 or w.size == 0:
        raise ValueError(f"expected x (N, L) and w (K,), got {x.shape} and {w.shape}")
    if not (np.issubdtype(x.dtype, np.floating) and np.issubdtype(w.dtype, np.floating)):
        raise TypeError("x and w must be floating-point arrays")
    if w.size > x.shape[1]:
        raise ValueError(f"kernel size {w.size} exceeds input length {x.shape[1]}")
    windows = np.lib.stride_tricks.sliding_window_view(x, w.size, axis=1)   # (N, L-K+1, K), no copy
    return windows @ w + b, (windows, w)
# --8<-- [end:conv1d_forward]


# --8<-- [start:conv1d_backward]
def conv1d_backward(dout, cache):
    """Gradients of conv1d_forward given dL/dout (N, L - K + 1).

        dw[k] = sum_n sum_i dout[n, i] * x[n, i + k]    (one term per position: shared weights add up)
        db    = sum_n sum_i dout[n, i]
        dx[n, j] = sum_k dout[n, j - k] * w[k]          (each input feeds up to K outputs)
    """
    windows, w = cache
    N, P, K = windows.shape
    if dout.shape != (N, P):
        raise ValueError(f"dout must have shape {(N, P)}, got {dout.shape}")
    dw = np.einsum("ni,nik->k", dout, windows)
    db = float(dout.sum())
    dx = np.zeros((N, P + K - 1), dtype=np.result_type(dout, w))
    for k in range(K):                      # K shifted adds; K is small (3, 5, 7)
        dx[:, k:k + P] += dout * w[k]
    return dx, dw, db
# --8<-- [end:conv1d_backward]
