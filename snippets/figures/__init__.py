"""Figure functions, one per figure: ``f(lang) -> matplotlib.figure.Figure``.

Each module here registers its figures with ``@figure("name")``; the mkdocs hook renders every
registered figure to ``assets/figures/<name>.svg`` in both language trees. Figures import the
snippets and draw what the snippets compute (training curves come from real, seeded runs).
"""
import importlib
import pkgutil

FIGURES = {}


def figure(name):
    """Register ``func(lang) -> Figure`` under ``name`` (the SVG file name, without extension)."""

    def register(func):
        if name in FIGURES:
            raise ValueError(f"figure name {name!r} is registered twice")
        FIGURES[name] = func
        return func

    return register


def load_all():
    """Import every figure module of this package so that their ``@figure`` decorators run."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return FIGURES
