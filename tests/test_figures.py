"""Figures: every registered figure renders in both languages, deterministically, with every glyph."""
import hashlib

import matplotlib.pyplot as plt
import pytest

from snippets.figures import load_all
from snippets.figures._style import render_svg, setup, t

FIGURES = load_all()


def test_registry_is_not_empty():
    assert "activation-curves" in FIGURES


def test_render_is_deterministic_and_language_specific():
    name = "activation-curves"
    a = render_svg(FIGURES[name]("zh"))
    b = render_svg(FIGURES[name]("zh"))
    c = render_svg(FIGURES[name]("en"))
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    assert a != c
    assert b"<dc:date>" not in a


def test_missing_glyph_fails_instead_of_drawing_a_box():
    setup()
    fig, ax = plt.subplots()
    ax.set_title("\U00017000")  # a Tangut character: in neither DejaVu Sans nor Noto Sans CJK SC
    with pytest.raises(UserWarning, match="missing from font"):
        render_svg(fig)


def test_missing_glyph_in_mathtext_fails_too():
    """mathtext logs a missing glyph (and draws a dummy symbol) instead of warning: still an error."""
    setup()
    fig, ax = plt.subplots()
    ax.set_title(r"$\alpha$ 与 $\alpha梯度$")  # Chinese inside $...$: the math fonts lack it
    with pytest.raises(UserWarning, match="does not have a glyph"):
        render_svg(fig)


def test_chinese_labels_render_with_the_cjk_font():
    setup()
    fig, ax = plt.subplots()
    ax.set_title("梯度消失与激活函数")
    svg = render_svg(fig)
    assert svg.count(b"<path") > 5


def test_label_helper_rejects_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        t("fr", "中", "en")


def test_only_the_pinned_fonts_are_used():
    """A system font with the same name (Debian's fonts-noto-cjk, say) must not replace the pinned one."""
    import os

    import matplotlib
    from matplotlib import font_manager

    setup()
    assert "mplfonts" in font_manager.findfont("Noto Sans CJK SC")
    assert font_manager.findfont("DejaVu Sans").startswith(matplotlib.get_data_path())
    bundled = os.path.join(matplotlib.get_data_path(), "fonts")
    assert all(f.fname.startswith(bundled) or "mplfonts" in f.fname for f in font_manager.fontManager.ttflist)
