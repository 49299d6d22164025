"""Shared look of the figures: fonts (CJK from a pip-installed file, never a system font),
colours, deterministic SVG output, and the one place where labels get translated."""
import io
import logging
import os
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

LANGS = ("zh", "en")
# Colour-blind-safe palette (Okabe-Ito), one colour per curve in a figure.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
CJK_FONT_NAME = "Noto Sans CJK SC"


def _cjk_font_path():
    """Noto Sans CJK SC shipped inside the `mplfonts` wheel pinned in requirements.txt."""
    try:
        import mplfonts
    except ImportError as exc:  # pragma: no cover - the requirements install it
        raise RuntimeError("the CJK font comes from the 'mplfonts' package: pip install -r requirements.txt") from exc
    path = os.path.join(os.path.dirname(mplfonts.__file__), "fonts", "NotoSansCJKsc-Regular.otf")
    if not os.path.exists(path):  # pragma: no cover
        raise RuntimeError(f"CJK font file not found at {path}")
    return path


def setup():
    """Configure matplotlib once: fonts, sizes, deterministic SVG."""
    if getattr(setup, "done", False):
        return
    # Only matplotlib's own fonts (DejaVu Sans) and the pinned CJK file: a system font of the same
    # name (e.g. Debian's fonts-noto-cjk) would otherwise win and change the figures from machine to
    # machine.
    cjk = _cjk_font_path()
    font_manager.fontManager.addfont(cjk)
    bundled = os.path.join(matplotlib.get_data_path(), "fonts")
    font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist
                                        if f.fname == cjk or f.fname.startswith(bundled)]
    font_manager.fontManager._findfont_cached.cache_clear()
    plt.rcdefaults()
    plt.rcParams.update({
        # DejaVu Sans (bundled with matplotlib) for Latin and math, falling back to the CJK font
        # glyph by glyph. A glyph that neither has raises (see render_svg), it never draws a box.
        "font.family": ["DejaVu Sans", CJK_FONT_NAME],
        "axes.unicode_minus": True,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
        "figure.dpi": 100,
        "svg.fonttype": "path",  # text becomes paths: the SVG needs no font at view time
        "svg.hashsalt": "nn-handbook",  # fixed ids -> byte-identical SVG across builds
        "path.simplify": True,
        "lines.linewidth": 1.8,
    })
    setup.done = True


def t(lang, zh, en):
    """Pick the label for ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return zh if lang == "zh" else en


class _LoggedWarnings(logging.Handler):
    """Collects what matplotlib logs at WARNING or above (mathtext reports a missing glyph this way,
    not as a Python warning, and then draws a dummy symbol)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_svg(fig):
    """Render a Figure to deterministic SVG bytes; any matplotlib warning (e.g. a missing glyph) is an error."""
    buf = io.BytesIO()
    handler = _LoggedWarnings()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    finally:
        logger.removeHandler(handler)
        plt.close(fig)
    if handler.messages:
        raise UserWarning("matplotlib: " + "; ".join(handler.messages[:3]))
    return buf.getvalue()


_SVG_SIZE = re.compile(rb'<svg [^>]*width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size_px(svg):
    """(width, height) in CSS pixels of an SVG from render_svg (matplotlib states its size in points)."""
    m = _SVG_SIZE.search(svg)
    if m is None:
        raise ValueError("svg has no width/height in points: not an SVG from render_svg")
    return round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)
