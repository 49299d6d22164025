"""MkDocs hook: executed notebooks, written as jupytext ``py:percent`` sources, in both languages.

- Sources: ``docs/<lang>/notebooks/<name>.py`` (reviewable diffs; open them in Jupyter with jupytext,
  or run them as plain scripts). The zh and en versions hold the same code cells (only comments and
  the ``LANG = "…"`` line differ); the YAML header becomes the page's front matter.
- At build time every code cell runs in order, in this process, against the snippets: printed text,
  the value of a cell's last expression and every matplotlib figure it leaves open become the cell's
  outputs (figures as deterministic SVG, drawn with the site's figure style and CJK font). A cell
  that raises fails the build, so the ``assert``s in the notebooks are checked on every build.
- Each notebook becomes a page ``<lang>/notebooks/<name>/`` (rendered by the same Markdown pipeline
  as every other page: KaTeX, anchors, search) and a downloadable ``<name>.ipynb`` with the outputs.
  Nothing is written into ``docs/``, so ``mkdocs serve`` cannot loop; results are cached in
  ``<figure cache>/notebooks`` by a hash of the source and the snippets.

Why not the mkdocs-jupyter plugin: mkdocs-static-i18n rebuilds the file list after plugins run and
drops mkdocs-jupyter's notebook pages, and mkdocs-jupyter's template loads MathJax from a CDN.
"""
import ast
import contextlib
import hashlib
import io
import json
import logging
import os
import pathlib
import pickle
import re
import sys
import time
import traceback

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = pathlib.Path(os.environ.get("HANDBOOK_FIGURE_CACHE", ROOT / ".cache" / "figures")) / "notebooks"
LANGS = ("zh", "en")
LANG_LINE = re.compile(r'^LANG = "(zh|en)"\s*$', re.M)
log = logging.getLogger("mkdocs.hooks.notebooks")


def sources(docs_dir):
    """{name: {lang: path}} of the notebook sources; both languages must exist."""
    found = {}
    for lang in LANGS:
        for path in sorted((pathlib.Path(docs_dir) / lang / "notebooks").glob("*.py")):
            found.setdefault(path.stem, {})[lang] = path
    for name, by_lang in found.items():
        if set(by_lang) != set(LANGS):
            raise PluginError(f"notebook {name}: needs docs/zh/notebooks/{name}.py and docs/en/notebooks/{name}.py")
    return found


def read(path):
    import jupytext

    return jupytext.reads(path.read_text(encoding="utf-8"), fmt="py:percent")


def code_signature(nb):
    """The code cells without comments, blank lines and the LANG line: must match across languages."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [re.sub(r"\s+#.*$", "", l).rstrip() for l in cell.source.splitlines()]
            out.append([l for l in lines if l.strip() and not l.lstrip().startswith("#") and not LANG_LINE.match(l)])
    return out


def _snippets_digest():
    h = hashlib.sha256()
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _figure_alt(fig):
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles) or "figure"


def execute(nb, label):
    """Run the code cells of ``nb`` in one namespace; return one list of outputs per code cell.

    An output is ("stream", text), ("text", repr of the last expression) or ("svg", bytes, alt).
    """
    import matplotlib.pyplot as plt

    from snippets.figures._style import render_svg, setup

    setup()
    plt.close("all")
    namespace = {"__name__": "__main__"}
    results = []
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        stdout, outputs = io.StringIO(), []
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(tree, f"<{label} cell {index + 1}>", "exec"), namespace)
                value = eval(compile(ast.Expression(last.value), f"<{label} cell {index + 1}>", "eval"),
                             namespace) if last else None
        except Exception as exc:
            tb = "".join(traceback.format_exception(exc)[-3:])
            raise PluginError(f"notebook {label}, code cell {index + 1} failed:\n{tb}") from exc
        if stdout.getvalue():
            outputs.append(("stream", stdout.getvalue()))
        if value is not None and not type(value).__module__.startswith("matplotlib") \
                and not (isinstance(value, list) and value and type(value[0]).__module__.startswith("matplotlib")):
            outputs.append(("text", repr(value)))
        for number in plt.get_fignums():
            fig = plt.figure(number)
            alt = _figure_alt(fig)
            outputs.append(("svg", render_svg(fig), alt))
        plt.close("all")
        results.append(outputs)
    return results


def to_markdown(nb, outputs, name):
    """The page: front matter from the YAML header, download links, then the cells and their outputs."""
    from snippets.figures._style import svg_size_px

    parts, code_index, figure_index = [], 0, 0
    figures = {}
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("---"):
            parts.insert(0, cell.source + "\n")
        elif cell.cell_type == "markdown":
            parts.append(cell.source + "\n")
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```\n")
            for out in outputs[code_index]:
                if out[0] in ("stream", "text"):
                    parts.append(f"```{{.text .nb-output}}\n{out[1].rstrip()}\n```\n")
                else:
                    figure_index += 1
                    file_name = f"{name}-{figure_index}.svg"
                    figures[file_name] = out[1]
                    alt = out[2].replace("[", "(").replace("]", ")")
                    width, height = svg_size_px(out[1])
                    parts.append(f'![{alt}](../assets/notebooks/{file_name}){{ width="{width}" height="{height}" }}\n')
            code_index += 1
    return "\n".join(parts), figures


def to_ipynb(nb, outputs):
    """The notebook with its outputs, as .ipynb JSON (for Jupyter users)."""
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for count, (cell, outs) in enumerate(zip(code_cells, outputs), 1):
        cell.execution_count = count
        cell.outputs = []
        for out in outs:
            if out[0] == "stream":
                cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=out[1]))
            elif out[0] == "text":
                cell.outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": out[1]},
                                                           execution_count=count))
            else:
                cell.outputs.append(nbformat.v4.new_output("display_data", data={
                    "image/svg+xml": out[1].decode("utf-8"), "text/plain": out[2]}))
    nb.cells = [c for c in nb.cells if not (c.cell_type == "raw" and c.source.startswith("---"))]
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number}"  # nbformat draws random ids: fixed ones keep the build reproducible
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    return nbformat.writes(nb, version=4).encode("utf-8") + b"\n"


def render_all(docs_dir):
    """{(lang, name): (markdown, {svg file: bytes}, ipynb bytes)}, executing only what changed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    CACHE.mkdir(parents=True, exist_ok=True)
    digest, out, ran, started = _snippets_digest(), {}, 0, time.perf_counter()
    for name, by_lang in sorted(sources(docs_dir).items()):
        books = {lang: read(path) for lang, path in by_lang.items()}
        if code_signature(books["zh"]) != code_signature(books["en"]):
            raise PluginError(f"notebook {name}: the zh and en code cells differ (only comments and LANG may)")
        for lang, nb in books.items():
            key = hashlib.sha256((digest + by_lang[lang].read_text(encoding="utf-8")).encode()).hexdigest()[:32]
            cached = CACHE / f"{name}.{lang}.{key}.pickle"
            if cached.exists():
                outputs = pickle.loads(cached.read_bytes())
            else:
                outputs = execute(nb, f"{lang}/notebooks/{name}.py")
                tmp = cached.with_suffix(f".tmp{os.getpid()}")
                tmp.write_bytes(pickle.dumps(outputs, protocol=4))
                os.replace(tmp, cached)
                ran += 1
            markdown, figures = to_markdown(nb, outputs, name)
            out[(lang, name)] = (markdown, figures, to_ipynb(nb, outputs))
    log.info("notebooks: %d executed, %d from cache (%.1fs)", ran, len(out) - ran, time.perf_counter() - started)
    return out


_rendered = {}


def on_config(config):
    _rendered.clear()
    _rendered.update(render_all(config.docs_dir))
    return config


def on_files(files, config):
    # Before the i18n plugin (-100) sorts files by language: a page entry per notebook and language,
    # at the path a Markdown source would have. Its text comes from on_page_read_source.
    for lang, name in sorted(_rendered):
        files.append(File(f"{lang}/notebooks/{name}.md", config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def _language_files(files, config):
    i18n = config.plugins["i18n"]
    lang, default = i18n.current_language, i18n.default_language
    prefix = "" if lang == default else f"{lang}/"
    for (nb_lang, name), (_, figures, ipynb) in sorted(_rendered.items()):
        if nb_lang != lang:
            continue
        for file_name, svg in sorted(figures.items()):
            file = File.generated(config, f"{lang}/assets/notebooks/{file_name}", content=svg)
            file.dest_uri = f"{prefix}assets/notebooks/{file_name}"
            files.append(file)
        file = File.generated(config, f"{lang}/notebooks/{name}.ipynb", content=ipynb)
        file.dest_uri = f"{prefix}notebooks/{name}.ipynb"
        files.append(file)
    return files


# The SVGs and .ipynb files are added once the i18n plugin has picked this build's language (it
# rebuilds the file list in its on_files at priority -100 and would drop generated files); on_nav
# runs after that and before any page is rendered, so links to them resolve.
@event_priority(-110)
def on_nav(nav, config, files):
    _language_files(files, config)
    return nav


def on_page_read_source(page, config):
    src = page.file.src_uri
    match = re.fullmatch(r"(zh|en)/notebooks/([a-z0-9-]+)\.md", src)
    if match and (match.group(1), match.group(2)) in _rendered:
        return _rendered[(match.group(1), match.group(2))][0]
    return None


def on_page_context(context, page, config, nav):
    if re.fullmatch(r"(zh|en)/notebooks/[a-z0-9-]+\.md", page.file.src_uri) and page.edit_url:
        page.edit_url = page.edit_url[:-3] + ".py"  # edit the jupytext source, not the generated page
    return context
