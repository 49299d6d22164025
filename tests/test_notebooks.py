"""The executed notebooks (hooks/notebooks.py): sources in both languages that mirror each other, and
built pages and .ipynb downloads that hold the outputs of a real run."""
import json
import re
import sys

import pytest

from tests.pages import DOCS, ROOT, nav_notebooks

sys.path.insert(0, str(ROOT / "hooks"))
import notebooks as hook  # noqa: E402

NAMES = nav_notebooks()


def test_two_notebooks_are_listed():
    assert set(NAMES) >= {"train-two-layer-net", "optimizer-comparison"}


@pytest.mark.parametrize("name", NAMES)
def test_zh_and_en_sources_mirror_each_other(name):
    zh, en = (hook.read(DOCS / lang / "notebooks" / f"{name}.py") for lang in ("zh", "en"))
    assert hook.code_signature(zh) == hook.code_signature(en), "same code (comments and LANG may differ)"
    anchors = [re.findall(r"\{ #([a-z0-9-]+) \}", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
               for nb in (zh, en)]
    assert anchors[0] == anchors[1] and anchors[0], "same heading anchors in the same order"
    for lang, nb in (("zh", zh), ("en", en)):
        header = nb.cells[0]
        assert header.cell_type == "raw" and "title:" in header.source and "description:" in header.source
        assert f'LANG = "{lang}"' in nb.cells[2].source, "the first code cell sets LANG for the figure labels"


def test_code_cells_are_checked_not_just_run():
    """The claims a notebook prints are asserted in the same cells, so a build with a wrong claim fails."""
    for name in NAMES:
        code = (DOCS / "en" / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
        assert code.count("assert ") >= 2, name


def test_a_failing_cell_fails_the_build():
    import jupytext
    from mkdocs.exceptions import PluginError

    nb = jupytext.reads("# %%\nx = 1\n\n# %%\nassert x == 2, 'claim does not hold'\n", fmt="py:percent")
    with pytest.raises(PluginError, match="cell 2 failed"):
        hook.execute(nb, "test")


def test_outputs_capture_prints_values_and_figures():
    import jupytext

    nb = jupytext.reads("# %%\nimport matplotlib.pyplot as plt\nprint('hi')\n6 * 7\n\n# %%\n"
                        "fig, ax = plt.subplots()\nax.set_title('curve')\nax.plot([1, 2])\n", fmt="py:percent")
    out = hook.execute(nb, "test")
    assert out[0] == [("stream", "hi\n"), ("text", "42")]
    (kind, svg, alt), = out[1]  # the Line2D list that ax.plot returns is not echoed
    assert kind == "svg" and svg.startswith(b"<?xml") and alt == "curve"


@pytest.mark.parametrize("name", NAMES)
def test_built_pages_and_downloads(built_site, name):
    site, _ = built_site
    for prefix in ("", "en/"):
        html = (site / prefix / "notebooks" / name / "index.html").read_text(encoding="utf-8")
        assert "nb-output" in html and 'src="../../assets/notebooks/' in html
        nb = json.loads((site / prefix / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] == i for i, c in enumerate(code, 1))
        assert any(o.get("data", {}).get("image/svg+xml") for c in code for o in c["outputs"])
        assert (site / prefix / "notebooks" / f"{name}.py").is_file()
    # the two languages ran the same code: the printed numbers agree
    texts = []
    for prefix in ("", "en/"):
        nb = json.loads((site / prefix / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        texts.append([o["text"] for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
                      if o["output_type"] == "stream"])
    assert texts[0] == texts[1]
