"""MkDocs hook: make the build date a property of the commit, not of the clock.

MkDocs stamps the sitemap's <lastmod> and the gzip header of sitemap.xml.gz with the build time
unless SOURCE_DATE_EPOCH is set (https://reproducible-builds.org/specs/source-date-epoch/). We set it
to the committer date of HEAD, so two builds of the same commit are byte-identical and the sitemap
still says when the content last changed. An explicit SOURCE_DATE_EPOCH in the environment wins.
"""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _head_commit_time():
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        return out or None
    except (OSError, subprocess.SubprocessError):
        return None


def on_startup(command, dirty):
    if "SOURCE_DATE_EPOCH" not in os.environ:
        # Outside a git checkout (e.g. an unpacked archive) fall back to a fixed date.
        os.environ["SOURCE_DATE_EPOCH"] = _head_commit_time() or "0"
