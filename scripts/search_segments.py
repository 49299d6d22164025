"""Regenerate hooks/search_segments.json: how the browser (ICU's Intl.Segmenter) cuts each Chinese word
that jieba put in the search index, for the words where the two disagree.

Usage: python scripts/search_segments.py   (needs Chromium and playwright, as the browser tests do)

Run it after adding pages; tests/test_browser.py fails when too many index words are cut differently
from the browser. Builds the site once with the raw (jieba-only) index, asks Chromium to segment every
Chinese word of it, and writes the mapping sorted, so the file diffs cleanly.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "hooks" / "search_segments.json"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def index_words(index):
    sep = re.compile(index["config"]["separator"])
    cjk = re.compile(r"^[\u4e00-\u9fff]{2,}$")
    return sorted({w for d in index["docs"] for w in sep.split(d["title"] + " " + d["text"]) if cjk.match(w)})


SEGMENT_JS = """words => {
    const s = new Intl.Segmenter('zh', {granularity: 'word'});
    return words.map(w => [...s.segment(w)].map(x => x.segment));
}"""  # what Material's search worker does to a Chinese query


def browser_segments(words, chromium=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        segments = browser.new_page().evaluate(SEGMENT_JS, words)
        browser.close()
    return segments


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_RAW_SEARCH_INDEX="1")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", tmp], cwd=ROOT, env=env, check=True)
        index = json.loads((pathlib.Path(tmp) / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = index_words(index)
    mapping = {w: s for w, s in zip(words, browser_segments(words)) if len(s) > 1}
    OUT.write_text(json.dumps(mapping, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(words)} Chinese index words, {len(mapping)} cut differently by the browser -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
