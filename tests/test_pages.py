"""Every published chapter is complete and the zh/en pages of each question mirror each other."""
import re

import pytest

from tests.pages import (DIFFICULTY, DOCS, LANGS, ROOT, Page, catalog, code_without_comments,
                         nav_chapters, nav_notebooks, region_exists)

CATALOG = catalog()
CHAPTERS = {c["id"]: c for c in CATALOG["chapters"]}
PUBLISHED = nav_chapters()
QUESTIONS = [(ch_id, q) for ch_id in PUBLISHED for q in CHAPTERS[ch_id]["questions"]]
QIDS = [f"{c}/{q['id']}" for c, q in QUESTIONS]


def _page_exists(path):
    """A Markdown page, or a notebook page generated from docs/<lang>/notebooks/<name>.py."""
    return path.is_file() or (path.parent.name == "notebooks" and path.with_suffix(".py").is_file())


def pages(chapter, qid):
    return {lang: Page(DOCS / lang / chapter / f"{qid}.md") for lang in LANGS}


def test_catalog_copy_matches_shared():
    shared = ROOT.parent / "shared" / "questions.yaml"
    if not shared.exists():
        pytest.skip("../shared/questions.yaml is not beside this clone")
    assert (ROOT / "catalog" / "questions.yaml").read_bytes() == shared.read_bytes()


def test_published_chapters_follow_catalog_order():
    order = [c["id"] for c in CATALOG["chapters"]]
    assert PUBLISHED, "no chapter is published in mkdocs.yml nav"
    assert list(PUBLISHED) == [c for c in order if c in PUBLISHED]
    for ch_id, paths in PUBLISHED.items():
        expected = [f"{ch_id}/index.md"] + [f"{ch_id}/{q['id']}.md" for q in CHAPTERS[ch_id]["questions"]]
        assert paths == expected, f"nav of {ch_id} must list index.md then every question in catalog order"


def test_every_page_on_disk_is_in_the_nav_and_has_a_twin():
    nav_paths = {p for paths in PUBLISHED.values() for p in paths} | {"index.md", "tags.md"}
    for lang in LANGS:
        on_disk = {p.relative_to(DOCS / lang).as_posix() for p in (DOCS / lang).rglob("*.md")}
        assert on_disk == nav_paths, f"docs/{lang}: pages not in nav or nav entries without page"
        # notebook pages are generated from their jupytext sources (hooks/notebooks.py)
        sources = sorted(p.stem for p in (DOCS / lang / "notebooks").glob("*.py"))
        assert sources == sorted(nav_notebooks()), f"docs/{lang}/notebooks: sources and nav differ"


def test_nav_translations_cover_chapters():
    import yaml
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    zh = next(lang for lang in i18n["languages"] if lang["locale"] == "zh")
    for ch_id in PUBLISHED:
        assert zh["nav_translations"].get(CHAPTERS[ch_id]["en"]) == CHAPTERS[ch_id]["zh"]


@pytest.mark.parametrize("chapter", list(PUBLISHED))
def test_chapter_index_lists_every_question_with_difficulty(chapter):
    ch = CHAPTERS[chapter]
    for lang in LANGS:
        page = Page(DOCS / lang / chapter / "index.md")
        assert page.title.startswith(ch[lang])
        rows = re.findall(r"^\| \d+\. \[(.+?)\]\(([a-z0-9-]+)\.md\) \| (\S+) \|$", page.body, re.M)
        assert rows == [(q[lang], q["id"], DIFFICULTY[lang][q["difficulty"]]) for q in ch["questions"]]


@pytest.mark.parametrize("chapter, q", QUESTIONS, ids=QIDS)
def test_question_page_structure(chapter, q):
    both = pages(chapter, q["id"])
    for lang, page in both.items():
        where = f"docs/{lang}/{chapter}/{q['id']}.md"
        assert page.title == q[lang], f"{where}: H1 must be the catalog question verbatim"
        assert page.meta.get("title"), f"{where}: front matter needs a short nav title"
        assert 40 <= len(page.meta.get("description", "")) <= 220 or (lang == "zh" and len(page.meta["description"]) >= 20), \
            f"{where}: front matter needs a meta description"
        assert set(page.meta.get("tags", [])) == {DIFFICULTY[lang][q["difficulty"]], CHAPTERS[chapter][lang]}, \
            f"{where}: tags must be the difficulty and the chapter name"
        lines = page.body.splitlines()
        # attr_list styles a paragraph only from a line of its own, right below it
        assert "{ .qmeta }" in lines, f"{where}: the meta line needs `{{ .qmeta }}` on the line below it"
        meta_line = lines[lines.index("{ .qmeta }") - 1]
        assert DIFFICULTY[lang][q["difficulty"]] in meta_line
        for src in q["sources"]:
            if "8.3 item" in src:
                assert "Chip Huyen" in meta_line and "8.3" in meta_line, f"{where}: credit the ML Interviews Book"
            else:
                assert src[:3] in meta_line, f"{where}: credit article {src[:3]} ({src})"
        assert re.search(r'^\?\?\? success "', page.body, re.M), f"{where}: folded 30-second answer missing"
        assert not page.unanchored, f"{where}: headings without {{ #anchor }}: {page.unanchored}"
        required = {"follow-ups", "related"} | ({"misconceptions"} if q.get("seed_errata") else set())
        assert required <= set(page.anchors), f"{where}: missing sections {required - set(page.anchors)}"
        assert len(page.anchors) == len(set(page.anchors)), f"{where}: duplicate anchors"
        for text in ("TODO", "TBD", "FIXME", "待翻译", "待补充"):
            assert text not in page.body, f"{where}: placeholder text {text!r}"
    missing = [f"docs/{lang}/{chapter}/{q['id']}.md -> {link}" for lang, page in both.items()
               for link in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", page.body)
               if not _page_exists((page.path.parent / link).resolve())]
    assert not missing, "links to missing pages:\n" + "\n".join(missing)


@pytest.mark.parametrize("chapter, q", QUESTIONS, ids=QIDS)
def test_zh_and_en_pages_mirror_each_other(chapter, q):
    zh, en = pages(chapter, q["id"]).values()
    assert zh.anchors == en.anchors, "same heading anchors, in the same order"
    assert zh.includes == en.includes, "same snippet regions, in the same order"
    assert zh.figures == en.figures, "same figures, in the same order"
    assert [code_without_comments(c) for c in zh.runnable_fences()] == \
        [code_without_comments(c) for c in en.runnable_fences()], "same runnable code (comments may differ)"
    zh_links = re.findall(r"\]\(((?:\.\./)*[a-z0-9/-]+\.md)", zh.body)
    en_links = re.findall(r"\]\(((?:\.\./)*[a-z0-9/-]+\.md)", en.body)
    assert sorted(set(zh_links)) == sorted(set(en_links)), "same related-question links"


@pytest.mark.parametrize("chapter, q", QUESTIONS, ids=QIDS)
def test_includes_and_figures_exist(chapter, q):
    from snippets.figures import load_all
    figures = load_all()
    for lang, page in pages(chapter, q["id"]).items():
        for spec in page.includes:
            file_ok, region_ok = region_exists(spec)
            assert file_ok and region_ok, f"docs/{lang}/{chapter}/{q['id']}.md includes missing {spec}"
            assert ":" in spec, f"include regions by name, never whole files or line numbers: {spec}"
        for name in page.figures:
            assert name in figures, f"figure {name} is not registered in snippets/figures"
        if "figure" in q.get("needs", []):
            assert page.figures, f"{q['id']} needs a figure"
        if "snippet" in q.get("needs", []):
            assert page.includes, f"{q['id']} needs a snippet include"


def test_region_markers_are_balanced_and_named_after_functions():
    for path in sorted((ROOT / "snippets").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        starts = re.findall(r"^# --8<-- \[start:([A-Za-z0-9_]+)\]", text, re.M)
        ends = re.findall(r"^# --8<-- \[end:([A-Za-z0-9_]+)\]", text, re.M)
        assert starts == ends, f"{path.name}: unbalanced region markers"
        assert len(starts) == len(set(starts)), f"{path.name}: duplicate region names"
        for name in starts:
            region = text.split(f"[start:{name}]", 1)[1].split(f"[end:{name}]", 1)[0]
            assert re.search(rf"^(def|class) {name}\b", region, re.M), f"{path.name}: region {name} must hold {name}"


def test_every_figure_is_shown_on_a_page():
    """A registered figure that no page shows only costs build time."""
    from snippets.figures import load_all
    shown = {name for lang in LANGS for path in (DOCS / lang).rglob("*.md") for name in Page(path).figures}
    unused = sorted(set(load_all()) - shown)
    assert not unused, f"figures drawn but shown on no page: {unused}"


def test_every_snippet_module_is_used_on_a_page():
    """Each module is shown on a page by region; a module without regions (experiment runners behind
    figures and fences) must at least be imported by a page's runnable fence."""
    included, imported = set(), set()
    for lang in LANGS:
        for path in (DOCS / lang).rglob("*.md"):
            page = Page(path)
            included |= {spec.split(":")[0] for spec in page.includes}
            for code in page.runnable_fences():
                imported |= {f"snippets/{m}.py" for m in re.findall(r"\bsnippets\.([a-z_0-9]+)", code)}
    for path in sorted((ROOT / "snippets").glob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if path.name == "__init__.py":
            continue
        has_regions = "--8<-- [start:" in path.read_text(encoding="utf-8")
        assert rel in included if has_regions else rel in included | imported, f"{rel} is shown on no page"
