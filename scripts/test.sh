#!/usr/bin/env bash
# The project's one test command (README, CI and .ci/run all call this).
# Installs the pinned requirements, makes sure Debian's Chromium is there for the browser tests,
# then runs every test: snippets, page fences, page parity, the strict site build, browser checks.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

# The browser tests drive Chromium through Playwright; CHROMIUM_PATH points elsewhere if needed
# (the GitHub workflow uses the runner's Google Chrome).
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at $CHROMIUM_PATH (Debian: sudo apt-get install chromium)." >&2
    exit 1
  fi
fi

# The site uses the reader's system fonts (no web fonts for Chinese). A machine without any CJK font
# shows boxes in the screenshots the browser tests save, so install one when we can (best effort:
# no test depends on it).
if ! (fc-list :lang=zh 2>/dev/null | grep -q .); then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a CJK font (fonts-noto-cjk) for the screenshots…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1; } \
      || echo "warning: no CJK font installed; Chinese text in the screenshots will show as boxes" >&2
  fi
fi

export NO_MKDOCS_2_WARNING=1
# One BLAS thread per process: the two background site builds and pytest share 2 cores, and
# multi-threaded BLAS on small matrices only makes them fight (measured: 3.8 s vs 0.26 s for one figure).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
exec python3 -m pytest "$@"
