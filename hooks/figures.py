"""MkDocs hook: render every figure of ``snippets/figures`` to SVG, once per language.

- Output goes straight into the build as generated files (``<lang>/assets/figures/<name>.svg``),
  never into ``docs/``, so ``mkdocs serve`` does not see its own output and cannot loop.
- Each SVG is cached in ``.cache/figures/`` (or ``$HANDBOOK_FIGURE_CACHE``) under a hash of everything that can change it: the
  figure's own module, every non-figure snippet module, the style module, the language and the
  matplotlib version. An unchanged figure is not redrawn; a changed snippet redraws its figures.
- Rendering is deterministic (fixed seeds, fixed SVG hash salt, no date), so two builds of the
  same commit give byte-identical files.
"""
import hashlib
import logging
import os
import pathlib
import re
import sys
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = pathlib.Path(os.environ.get("HANDBOOK_FIGURE_CACHE", ROOT / ".cache" / "figures"))
LANGS = ("zh", "en")
log = logging.getLogger("mkdocs.hooks.figures")

def _read(path):
    return pathlib.Path(path).read_bytes()


def _shared_digest():
    """Hash of the snippet modules (not the figure modules) and the figure style."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("snippets/figures/") and path.name != "_style.py" and path.name != "__init__.py":
            continue
        h.update(rel.encode() + b"\0" + _read(path) + b"\0")
    return h.hexdigest()


def render_all(langs=LANGS):
    """Return {(lang, name): svg_bytes}, drawing only figures whose cache key changed."""
    import matplotlib

    if str(ROOT) not in sys.path:  # mkdocs restores sys.path after loading a hook, so add it here
        sys.path.insert(0, str(ROOT))
    from snippets.figures import load_all
    from snippets.figures._style import render_svg

    figures = load_all()
    shared = _shared_digest()
    CACHE.mkdir(parents=True, exist_ok=True)
    out, drawn, started = {}, 0, time.perf_counter()
    for name, func in sorted(figures.items()):
        module_file = sys.modules[func.__module__].__file__
        for lang in langs:
            key = hashlib.sha256(
                "\0".join([shared, _read(module_file).hex(), name, lang, matplotlib.__version__]).encode()
            ).hexdigest()[:32]
            cached = CACHE / f"{name}.{lang}.{key}.svg"
            if cached.exists():
                out[(lang, name)] = cached.read_bytes()
                continue
            try:
                svg = render_svg(func(lang))
            except Exception as exc:  # a missing glyph, a bad figure: the build must fail
                raise PluginError(f"figure {name!r} ({lang}) failed: {exc}") from exc
            tmp = cached.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(svg)
            os.replace(tmp, cached)  # atomic: concurrent builds never see half a file
            out[(lang, name)] = svg
            drawn += 1
    log.info("figures: %d drawn, %d from cache (%.1fs)", drawn, len(out) - drawn, time.perf_counter() - started)
    return out


_rendered = {}


def on_config(config):
    # Render once per `mkdocs build`/serve rebuild; the i18n plugin builds each language in turn.
    _rendered.clear()
    _rendered.update(render_all())
    return config


@event_priority(-110)  # after the i18n plugin (-100) has picked the current language's files
def on_files(files, config):
    # A page in docs/<lang>/<chapter>/ links `../assets/figures/<name>.svg`, i.e. the source path
    # `<lang>/assets/figures/<name>.svg`. Lay each language's SVG out there, with the destination the
    # i18n plugin gives that language's files: the default language (zh) at the site root, en under en/.
    i18n = config.plugins["i18n"]
    lang, default = i18n.current_language, i18n.default_language
    for (svg_lang, name), svg in sorted(_rendered.items()):
        if svg_lang != lang:
            continue
        file = File.generated(config, f"{lang}/assets/figures/{name}.svg", content=svg)
        file.dest_uri = f"assets/figures/{name}.svg" if lang == default else f"{lang}/assets/figures/{name}.svg"
        files.append(file)
    return files


IMG_FIGURE = re.compile(r'<img (alt="[^"]*" )?src="([^"]*assets/figures/([a-z0-9-]+)\.svg)"')


def on_post_page(output, page, config):
    # Give every figure its intrinsic size, so the browser reserves the space before the SVG arrives
    # (no layout shift; Lighthouse's CLS). CSS keeps it responsive (max-width: 100%, height: auto).
    from snippets.figures._style import svg_size_px

    lang = config.plugins["i18n"].current_language

    def sized(m):
        svg = _rendered.get((lang, m.group(3)))
        if svg is None:
            return m.group(0)
        w, h = svg_size_px(svg)
        return f'{m.group(0)} width="{w}" height="{h}"'

    return IMG_FIGURE.sub(sized, output)
