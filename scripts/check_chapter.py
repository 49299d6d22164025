"""Check one chapter in isolation, before it is published, while other chapters are still drafts.

Usage: python scripts/check_chapter.py CHAPTER_ID [--keep]

Copies the working tree to a temporary folder holding only the published chapters plus CHAPTER_ID,
publishes CHAPTER_ID there (scripts/publish_chapter.py), then runs the chapter's page tests, the page
fences of its pages, the snippet tests named after the modules its pages include or its figures
import, and a strict `mkdocs build`. The real tree is never changed. Failures and build warnings that
only concern links to pages of chapters not written yet are listed apart: they go away when those
chapters land.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.publish_chapter import catalog, published  # noqa: E402

IGNORE = shutil.ignore_patterns(".git", ".cache", "site", "test-artifacts", "__pycache__", "*.pyc")


def run(cmd, cwd, env):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chapter")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copy and print its path")
    args = ap.parse_args()
    chapters = {c["id"]: c for c in catalog()}
    if args.chapter not in chapters:
        raise SystemExit(f"no chapter {args.chapter!r} in the catalog")
    done = set(published((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"check-{args.chapter}-"))
    work = tmp / "repo"
    shutil.copytree(ROOT, work, ignore=IGNORE)
    if (ROOT.parent / "shared").is_dir() and not (tmp / "shared").exists():
        os.symlink(ROOT.parent / "shared", tmp / "shared")
    for lang in ("zh", "en"):
        for d in (work / "docs" / lang).iterdir():
            if d.is_dir() and d.name in chapters and d.name not in done | {args.chapter}:
                shutil.rmtree(d)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1",
               HANDBOOK_FIGURE_CACHE=str(ROOT / ".cache" / "figures"))
    code, out = run([sys.executable, "scripts/publish_chapter.py", args.chapter], work, env)
    print(out.strip())
    if code:
        raise SystemExit(code)

    # Snippet modules this chapter uses: included on its pages or imported by its figure module.
    pages = [p for lang in ("zh", "en") for p in (work / "docs" / lang / args.chapter).glob("*.md")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    fig_module = work / "snippets" / "figures" / (args.chapter.replace("-", "_") + ".py")
    if fig_module.exists():
        text += fig_module.read_text(encoding="utf-8")
    modules = set(re.findall(r"snippets/([a-z_0-9]+)\.py", text)) | set(re.findall(r"snippets\.([a-z_0-9]+)", text))
    tests = sorted(f"tests/test_{m}.py" for m in modules if (work / "tests" / f"test_{m}.py").exists())

    failures = []
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", "--tb=line",
           "tests/test_pages.py", f"docs/zh/{args.chapter}", f"docs/en/{args.chapter}", *tests]
    print("$", " ".join(cmd[2:]))
    code, out = run(cmd, work, env)
    lines = out.strip().splitlines()
    print("\n".join(l for l in lines if l.startswith(("FAILED", "ERROR"))) or "(no failed tests)")
    print(lines[-1] if lines else "")
    if code:
        failures.append("pytest")
        (tmp / "pytest.log").write_text(out, encoding="utf-8")
        print(f"full pytest output: {tmp / 'pytest.log'}")

    code, out = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp / "site")], work, env)
    warnings = [l for l in out.splitlines() if l.startswith("WARNING")]
    missing_page = re.compile(r"target '(?:zh|en)/([a-z-]+)/[a-z0-9-]+\.md' is not found")
    later = [w for w in warnings
             if (m := missing_page.search(w)) and m.group(1) not in done | {args.chapter}]
    now = [w for w in warnings if w not in later]
    print(f"mkdocs build --strict: {len(warnings)} warnings, {len(later)} only about chapters not written yet")
    for w in now:
        print("  ", w)
    if later:
        print("links to pages of other chapters that do not exist yet (fine until they land):")
        for w in sorted(set(re.sub(r"^WARNING\s+-\s+", "", w) for w in later)):
            print("   ", w)
    if code and not warnings:
        print(out[-3000:])
        failures.append("build")
    elif now:
        failures.append("build warnings")
    if args.keep or failures:  # keep the copy (and pytest.log) to look into
        print(f"kept: {work}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print("RESULT:", "OK" if not failures else "FAILED: " + ", ".join(failures))


if __name__ == "__main__":
    main()
