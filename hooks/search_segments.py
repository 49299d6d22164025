"""MkDocs hook: segment the Chinese words of the search index the way the reader's browser segments a query.

Material's search plugin cuts Chinese text into words with jieba at build time, but in the browser the
query is cut by ``Intl.Segmenter`` (ICU), which often cuts differently: 批归一化 is 批|归一化 for jieba and
批|归|一|化 for ICU, and a query only finds whole index words it is a prefix of. So the search for
批归一化 found pages about 批大小 and missed the BatchNorm pages. ``hooks/search_segments.json`` maps
each index word that ICU cuts differently to ICU's pieces (made by ``scripts/search_segments.py`` with
Chromium); this hook re-cuts those words in the built index. The cuts are zero-width spaces (U+200B),
so result previews look the same. tests/test_browser.py checks that the index and ICU agree.
"""
import json
import logging
import os
import pathlib
import re

from mkdocs.plugins import event_priority

MAPPING = pathlib.Path(__file__).with_name("search_segments.json")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
log = logging.getLogger("mkdocs.hooks.search_segments")


def resegment(text, mapping):
    """Re-cut every maximal run of Chinese characters that the mapping knows (jieba's words are already
    separated by U+200B, so such a run is one jieba word)."""
    return CJK_RUN.sub(lambda m: "\u200b".join(mapping.get(m.group(0), [m.group(0)])), text)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has written the merged index of both languages
def on_post_build(config):
    path = pathlib.Path(config.site_dir) / "search" / "search_index.json"
    if os.environ.get("HANDBOOK_RAW_SEARCH_INDEX") or not path.is_file() or not MAPPING.is_file():
        return
    mapping = json.loads(MAPPING.read_text(encoding="utf-8"))
    index = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for doc in index["docs"]:
        for field in ("title", "text"):
            new = resegment(doc[field], mapping)
            changed += new != doc[field]
            doc[field] = new
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info("search index: %d fields re-segmented like the browser", changed)
