import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The two site builds (the one every site/browser/link test uses, and the fresh-cache one the
# reproducibility test compares against) are slow and single-threaded, so they start in the
# background as soon as pytest knows it will need them and run while the snippet tests and page
# fences execute. The fixtures below wait for them.
_BUILDS = {}


def _start_build(name, **extra_env):
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"handbook-{name}-"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra_env)
    if "HANDBOOK_FIGURE_CACHE" in extra_env:
        env["HANDBOOK_FIGURE_CACHE"] = str(tmp / "figure-cache")
    log = open(tmp / "build.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp / "site")],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    _BUILDS[name] = (proc, tmp, log)


def pytest_collection_modifyitems(session, config, items):
    names = {f for item in items for f in getattr(item, "fixturenames", ())}
    if "built_site" in names:
        _start_build("first")
    if "second_site" in names:  # a fresh figure cache: every figure is drawn again
        _start_build("second", HANDBOOK_FIGURE_CACHE="fresh", PYTHONHASHSEED="123")


def _wait(name):
    proc, tmp, log = _BUILDS[name]
    proc.wait(timeout=900)
    log.seek(0)
    text = log.read()
    assert proc.returncode == 0, f"mkdocs build --strict ({name}) failed:\n{text[-6000:]}"
    return tmp / "site", text


def pytest_sessionfinish(session, exitstatus):
    for proc, tmp, log in _BUILDS.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def built_site():
    """`mkdocs build --strict` of the working tree into a temporary folder; returns (site_dir, log)."""
    return _wait("first")


@pytest.fixture(scope="session")
def second_site():
    """A second strict build, in another process with an empty figure cache; returns (site_dir, log)."""
    return _wait("second")
