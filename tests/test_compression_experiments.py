"""snippets.compression_experiments: the cached runs quoted by the pages are consistent with their definitions."""
import numpy as np

from snippets import compression_experiments as ce


def test_pruning_experiment_is_cached_and_consistent():
    r = ce.pruning_experiment()
    assert ce.pruning_experiment() is r                      # one run, shared by figure and pages
    assert r["sparsity"] == ce.PRUNE_SPARSITIES
    for scope in ("global", "layer"):
        assert len(r[f"{scope}_oneshot"]) == len(r[f"{scope}_finetuned"]) == len(ce.PRUNE_SPARSITIES)
        assert all(0.0 <= a <= 1.0 for a in r[f"{scope}_oneshot"] + r[f"{scope}_finetuned"])
    # global pruning removes exactly the requested share of all weights (640 = 2*128 + 128*3)
    for s, (s1, s2) in zip(r["sparsity"], r["global_layer_sparsity"]):
        np.testing.assert_allclose((256 * s1 + 384 * s2) / 640, s, atol=1 / 640)
    assert r["global_oneshot"][0] == r["layer_oneshot"][0] == r["dense_acc"]   # sparsity 0 prunes nothing


def test_timeline_runs_sync_has_no_staleness_and_async_has_some():
    sync, asyn, horizon = ce.timeline_runs()
    assert horizon > 0
    assert np.all(sync["staleness"] == 0)
    assert asyn["staleness"].max() > 0
    assert np.all(np.diff(sync["time"]) > 0) and np.all(np.diff(asyn["time"]) >= 0)


def test_staleness_runs_shapes_and_delays():
    delayed, runs = ce.staleness_runs()
    assert sorted(delayed) == list(ce.STALENESS_DELAYS)
    np.testing.assert_allclose(delayed[0], (1 - ce.STALENESS_LR) ** np.arange(61), rtol=1e-12)  # no delay: plain GD
    assert [kind for kind, *_ in runs] == ["sync", "async", "async"]
    for _, _, time, loss, _ in runs:
        assert time.shape == loss.shape
