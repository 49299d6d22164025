"""Parse the question pages: front matter, headings with anchors, snippet includes, figures, fences.

Shared by the page tests (and usable from a shell when adding a question).
"""
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
DIFFICULTY = {"zh": {"E": "简单", "M": "中等", "H": "困难"}, "en": {"E": "Easy", "M": "Medium", "H": "Hard"}}

INCLUDE_RE = re.compile(r'^\s*--8<--\s+"([^"]+)"\s*$', re.M)
FIGURE_RE = re.compile(r"\]\(\.\./assets/figures/([a-z0-9-]+)\.svg\)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.M)
ANCHOR_RE = re.compile(r"\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
FENCE_RE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.M | re.S)


def catalog():
    return yaml.safe_load((ROOT / "catalog" / "questions.yaml").read_text(encoding="utf-8"))


def mkdocs_nav():
    """The nav of mkdocs.yml (a plain YAML read; the file has no custom tags)."""
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


def nav_chapters():
    """{chapter_id: [page paths in nav order]} for the chapters published in the nav."""
    ids = {c["id"] for c in catalog()["chapters"]}
    chapters = {}
    for entry in mkdocs_nav():
        if isinstance(entry, dict):
            (_, children), = entry.items()
            if isinstance(children, list):
                paths = [c if isinstance(c, str) else next(iter(c.values())) for c in children]
                if paths[0].split("/")[0] in ids:  # not the Notebooks section
                    chapters[paths[0].split("/")[0]] = paths
    return chapters


def nav_notebooks():
    """Names of the notebooks listed in the nav (pages generated from docs/<lang>/notebooks/<name>.py)."""
    for entry in mkdocs_nav():
        if isinstance(entry, dict) and "Notebooks" in entry:
            return [p.split("/")[1][:-3] for p in entry["Notebooks"]]
    return []


def split_front_matter(text):
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5:]


def strip_fences(body):
    return FENCE_RE.sub("", body)


class Page:
    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.text = self.path.read_text(encoding="utf-8")
        self.meta, self.body = split_front_matter(self.text)
        prose = strip_fences(self.body)
        self.headings = [(len(h), t) for h, t in HEADING_RE.findall(prose)]
        self.title = next((t for level, t in self.headings if level == 1), None)
        self.anchors = [m.group(1) for level, t in self.headings if level > 1 for m in [ANCHOR_RE.search(t)] if m]
        self.unanchored = [t for level, t in self.headings if level > 1 and not ANCHOR_RE.search(t)]
        self.includes = INCLUDE_RE.findall(self.body)
        self.figures = FIGURE_RE.findall(self.body)
        self.fences = [(info.strip(), code) for info, code in FENCE_RE.findall(self.body)]

    def runnable_fences(self):
        """Fences that pytest-markdown-docs runs (python, without `notest`)."""
        out = []
        for info, code in self.fences:
            words = info.strip("{}").replace(".", " ").split()
            if words and words[0] in ("python", "py", "python3") and "notest" not in words:
                out.append(code)
        return out


def code_without_comments(code):
    """Code lines with comments and blank lines removed: what must match across languages."""
    lines = []
    for line in code.splitlines():
        line = re.sub(r"\s+#.*$", "", line) if not line.lstrip().startswith("#") else ""
        if line.strip():
            lines.append(line.rstrip())
    return lines


def region_exists(spec):
    """`file:region` -> (file exists, region markers exist)."""
    file, _, region = spec.partition(":")
    path = ROOT / file
    if not path.is_file():
        return False, False
    text = path.read_text(encoding="utf-8")
    if not region:
        return True, True
    return True, (f"--8<-- [start:{region}]" in text and f"--8<-- [end:{region}]" in text)
