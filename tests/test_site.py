"""The strict site build: zero warnings, both languages, figures, search index with Chinese segmentation."""
import json
import re

import pytest

from tests.pages import nav_chapters, catalog

SEPARATOR = None


def test_build_has_no_warnings(built_site):
    _, log = built_site
    warnings = [l for l in log.splitlines() if l.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)


def test_both_languages_and_every_question_are_built(built_site):
    site, _ = built_site
    chapters = {c["id"]: c for c in catalog()["chapters"]}
    for ch in nav_chapters():
        for q in chapters[ch]["questions"]:
            zh = site / ch / q["id"] / "index.html"
            en = site / "en" / ch / q["id"] / "index.html"
            assert zh.is_file() and en.is_file(), q["id"]
            assert '<html lang="zh"' in zh.read_text(encoding="utf-8")
            assert '<html lang="en"' in en.read_text(encoding="utf-8")


def test_language_switch_points_to_the_same_question(built_site):
    site, _ = built_site
    ch = next(iter(nav_chapters()))
    qid = catalog()["chapters"][[c["id"] for c in catalog()["chapters"]].index(ch)]["questions"][0]["id"]
    zh = (site / ch / qid / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / ch / qid / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="\.\./\.\./en/{ch}/{qid}/" hreflang="en" class="md-select__link"', zh)
    assert re.search(rf'href="\.\./\.\./\.\./{ch}/{qid}/" hreflang="zh" class="md-select__link"', en)


def test_figures_are_built_per_language(built_site):
    site, _ = built_site
    zh = sorted(p.name for p in (site / "assets" / "figures").glob("*.svg"))
    en = sorted(p.name for p in (site / "en" / "assets" / "figures").glob("*.svg"))
    assert zh and zh == en
    for name in zh:
        assert (site / "assets/figures" / name).read_bytes() != (site / "en/assets/figures" / name).read_bytes() \
            or "<text" not in (site / "assets/figures" / name).read_text(), name


def test_no_third_party_assets(built_site):
    site, _ = built_site
    pattern = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(https?:)?//(?!nn-training-handbook\.github\.io)[^"]+"')
    offenders = []
    for html in site.rglob("*.html"):
        for m in pattern.finditer(html.read_text(encoding="utf-8")):
            if 'rel="alternate"' in m.group(0) or 'rel="canonical"' in m.group(0):
                continue
            offenders.append(f"{html.relative_to(site)}: {m.group(0)[:120]}")
    assert not offenders, "\n".join(offenders[:20])


def _search_docs(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


def _tokens(index, text):
    sep = re.compile(index["config"]["separator"])
    return [t for t in sep.split(text.lower()) if t]


@pytest.mark.parametrize("query, page", [
    ("激活函数", "activations/activation-function-role/"),
    ("梯度消失", "activations/activation-vs-vanishing-gradient/"),
])
def test_chinese_search_index_is_segmented(built_site, query, page):
    """Material runs jieba over Chinese text and inserts U+200B between words; the page must hold
    every word of the query (segmented the same way) as a separate token."""
    import jieba

    site, _ = built_site
    index = _search_docs(site)
    assert "zh" in index["config"]["lang"]
    docs = [d for d in index["docs"] if d["location"].startswith(page)]
    assert docs, f"{page} is not in the search index"
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "\u200b" in text, "Chinese text is not segmented (is jieba installed?)"
    tokens = set(_tokens(index, text))
    words = [w for w in jieba.cut(query) if w.strip()]
    assert all(w in tokens for w in words), f"{words} not all tokens of {page}"


@pytest.mark.parametrize("query, page", [("relu", "en/activations/why-relu-popular/"),
                                         ("saturation", "en/activations/activation-vs-vanishing-gradient/")])
def test_english_search_index(built_site, query, page):
    site, _ = built_site
    index = _search_docs(site)
    docs = [d for d in index["docs"] if d["location"].startswith(page)]
    assert docs
    assert query in _tokens(index, " ".join(d["title"] + " " + d["text"] for d in docs))


def test_no_attribute_list_left_as_text(built_site):
    """`{ .class }` / `{ #id }` that attr_list did not apply (e.g. not on a line of its own) shows up as
    literal text in the page."""
    site, _ = built_site
    leftovers = []
    for html in sorted(site.rglob("*.html")):
        text = re.sub(r"<(script|pre|code)[^>]*>.*?</\1>", "", html.read_text(encoding="utf-8"), flags=re.S)
        for m in re.finditer(r"\{\s*[.#][A-Za-z][\w-]*\s*\}", text):
            leftovers.append(f"{html.relative_to(site)}: {m.group(0)}")
    assert not leftovers, "\n".join(leftovers[:20])


def test_figures_have_intrinsic_size(built_site):
    """Every figure states width and height, so the page does not jump when the SVG arrives."""
    site, _ = built_site
    unsized = []
    for html in sorted(site.rglob("*.html")):
        for tag in re.findall(r"<img [^>]*>", html.read_text(encoding="utf-8")):
            if "/assets/figures/" in tag or "/assets/notebooks/" in tag:
                if not (re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag)):
                    unsized.append(f"{html.relative_to(site)}: {tag[:100]}")
    assert not unsized, "\n".join(unsized[:10])
