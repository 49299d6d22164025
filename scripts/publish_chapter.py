"""Publish a finished chapter: add it to the nav, the zh nav translations and both home-page tables.

Usage: python scripts/publish_chapter.py CHAPTER_ID

Idempotent. The nav lists a chapter only once both languages have every page of it, so the strict
build and tests/test_pages.py (which tests every chapter in the nav) stay green while other
chapters are still being written. Run scripts/chapter_index.py first to write the chapter's index.md.
"""
import fcntl
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOME_HEAD = {"zh": "| 章节 | 题数 |", "en": "| Chapter | Questions |"}


def catalog():
    return yaml.safe_load((ROOT / "catalog" / "questions.yaml").read_text(encoding="utf-8"))["chapters"]


def published(mkdocs_text):
    return re.findall(r"^      - ([a-z-]+)/index\.md$", mkdocs_text, re.M)


def publish(ch, text):
    block = [f"  - {ch['en']}:", f"      - {ch['id']}/index.md"]
    block += [f"      - {ch['id']}/{q['id']}.md" for q in ch["questions"]]
    marker = f"  # nav:{ch['id']}\n"
    if marker in text:
        text = text.replace(marker, "\n".join(block) + "\n")
    translation = f"            {ch['en']}: {ch['zh']}\n"
    if translation not in text:
        anchor = "            # nav_translations: add"
        text = text.replace(anchor, translation + anchor, 1)
    return text


def home_tables(chapters, done):
    for lang in ("zh", "en"):
        path = ROOT / "docs" / lang / "index.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        start = lines.index(HOME_HEAD[lang])
        end = start + 2
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        rows = [f"| [{c[lang]}]({c['id']}/index.md) | {len(c['questions'])} |" for c in chapters if c["id"] in done]
        lines[start + 2:end] = rows
        path.write_text("\n".join(lines), encoding="utf-8")


def main(chapter_id):
    chapters = catalog()
    ch = next((c for c in chapters if c["id"] == chapter_id), None)
    if ch is None:
        raise SystemExit(f"no chapter {chapter_id!r} in the catalog")
    missing = [f"docs/{lang}/{ch['id']}/{name}.md" for lang in ("zh", "en")
               for name in ["index"] + [q["id"] for q in ch["questions"]]
               if not (ROOT / "docs" / lang / ch["id"] / f"{name}.md").is_file()]
    if missing:
        raise SystemExit("not publishing, pages missing:\n  " + "\n  ".join(missing))
    cfg = ROOT / "mkdocs.yml"
    with open(cfg, "r+", encoding="utf-8") as fh:  # lock: several writers may publish at once
        fcntl.flock(fh, fcntl.LOCK_EX)
        text = publish(ch, fh.read())
        fh.seek(0)
        fh.write(text)
        fh.truncate()
        home_tables(chapters, set(published(text)))
    print(f"published {chapter_id}: {len(ch['questions'])} questions")


if __name__ == "__main__":
    main(*sys.argv[1:])
