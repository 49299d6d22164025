"""Two builds of the same commit are byte-identical: pages, figures, search index, sitemap.

The second build draws every figure again in a fresh process with an empty figure cache, so this
also proves that figure rendering does not depend on the cache, the process or the clock.
"""
import filecmp
import os
import subprocess
import sys

from tests.conftest import ROOT


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_second_clean_build_is_byte_identical(built_site, tmp_path):
    first, _ = built_site
    second = tmp_path / "site2"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_FIGURE_CACHE=str(tmp_path / "cache"),
               PYTHONHASHSEED="123")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(second)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    a, b = _tree(first), _tree(second)
    assert a == b, f"file lists differ: {sorted(set(a) ^ set(b))[:10]}"
    _, mismatch, errors = filecmp.cmpfiles(first, second, a, shallow=False)
    assert not mismatch and not errors, f"{len(mismatch)} files differ, e.g. {mismatch[:10]}"
    assert "sitemap.xml" in a and "search/search_index.json" in a
