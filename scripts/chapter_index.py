"""Write docs/{zh,en}/<chapter>/index.md from catalog/questions.yaml.

Usage: python scripts/chapter_index.py CHAPTER_ID [--intro-zh TEXT --intro-en TEXT]
The table lists every question of the chapter with its difficulty; tests/test_pages.py checks
that each index still matches the catalog, so re-run this after changing a chapter.
"""
import argparse
import json
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIFFICULTY = {"zh": {"E": "简单", "M": "中等", "H": "困难"}, "en": {"E": "Easy", "M": "Medium", "H": "Hard"}}
HEAD = {"zh": ("题目", "难度"), "en": ("Question", "Difficulty")}


def chapter(chapter_id):
    catalog = yaml.safe_load((ROOT / "catalog" / "questions.yaml").read_text(encoding="utf-8"))
    for ch in catalog["chapters"]:
        if ch["id"] == chapter_id:
            return ch
    raise SystemExit(f"no chapter {chapter_id!r} in the catalog")


def render(ch, lang, intro):
    q_head, d_head = HEAD[lang]
    rows = [f"| {i}. [{q[lang]}]({q['id']}.md) | {DIFFICULTY[lang][q['difficulty']]} |"
            for i, q in enumerate(ch["questions"], 1)]
    desc = intro.split("\n")[0].rstrip("。.") if intro else ch[lang]
    return "\n".join([
        "---", f"title: {ch[lang]}", f"description: {json.dumps(desc, ensure_ascii=False)}", "---", "",
        f"# {ch[lang]} {{ #{ch['id']} }}", "", intro, "",
        f"| {q_head} | {d_head} |", "|---|---|", *rows, "",
    ])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chapter")
    ap.add_argument("--intro-zh", default="")
    ap.add_argument("--intro-en", default="")
    args = ap.parse_args()
    ch = chapter(args.chapter)
    for lang, intro in (("zh", args.intro_zh), ("en", args.intro_en)):
        path = ROOT / "docs" / lang / ch["id"] / "index.md"
        if not intro and path.exists():  # keep the existing intro paragraph
            text = path.read_text(encoding="utf-8").split("\n")
            intro = text[text.index(next(l for l in text if l.startswith("# "))) + 2]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(ch, lang, intro), encoding="utf-8")
        print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
