"""Two builds of the same commit are byte-identical: pages, figures, search index, sitemap.

The second build draws every figure again in a fresh process with an empty figure cache, so this
also proves that figure rendering does not depend on the cache, the process or the clock.
"""
import filecmp


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_second_clean_build_is_byte_identical(built_site, second_site):
    (first, _), (second, _) = built_site, second_site
    a, b = _tree(first), _tree(second)
    assert a == b, f"file lists differ: {sorted(set(a) ^ set(b))[:10]}"
    _, mismatch, errors = filecmp.cmpfiles(first, second, a, shallow=False)
    assert not mismatch and not errors, f"{len(mismatch)} files differ, e.g. {mismatch[:10]}"
    assert "sitemap.xml" in a and "search/search_index.json" in a
    print(f"{len(a)} files compared, all byte-identical")
