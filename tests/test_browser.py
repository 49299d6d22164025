"""The site as a reader sees it: real Chromium (Playwright) against the built site on 127.0.0.1."""
import functools
import gzip
import http.server
import json
import os
import pathlib
import threading
from urllib.parse import urlparse

import pytest

from tests.pages import ROOT, catalog, nav_chapters

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    site, _ = built_site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the tests through scripts/test.sh, which installs it")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


class Watch:
    """Record console errors, failed requests and any request that leaves the local server."""

    def __init__(self, page, base):
        self.host = urlparse(base).netloc
        self.errors, self.failed, self.foreign = [], [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.route("**/*", self._route)

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.host:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()


@pytest.fixture
def page(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.watch = Watch(pg, base)
    yield pg
    context.close()


PAGE_BUDGET = 300_000  # bytes, gzip: HTML + CSS + JS + images a page loads
FIGURE_BUDGET = 100_000  # bytes, raw SVG
FONT_BUDGET = 150_000  # bytes: the KaTeX woff2 fonts one page loads


@functools.lru_cache(maxsize=None)
def gzip_size(path):
    return len(gzip.compress(pathlib.Path(path).read_bytes(), compresslevel=9, mtime=0))


def _local_files(urls, base, site):
    """The built files behind the local URLs a page loaded, except the search index (JSON data fetched
    by the search worker, reported separately)."""
    files = set()
    for url in set(urls):
        path = urlparse(url).path
        if not url.startswith(base) or path.endswith(".json"):
            continue
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if file.is_file():
            files.add(file)
    return sorted(files)


def all_pages(site):
    return sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")
                  if "assets" not in p.parts and "search" not in p.parts)


CRAWLERS = 4  # pages checked at once; each waits mostly on the browser, so 4 keeps 2 cores busy

CHECK_PAGE_JS = r"""() => {
    const article = document.querySelector('article');
    const text = article ? article.innerText : '';
    return {
        broken: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
        rawMath: /\\\(|\\\)|\\\[|\\\]/.test(text) || document.querySelectorAll('.arithmatex .katex-error').length > 0,
        hasMath: document.querySelectorAll('.arithmatex').length,
        rendered: document.querySelectorAll('.arithmatex .katex').length,
        lang: document.documentElement.lang,
        resources: [location.href, ...performance.getEntriesByType('resource').map(e => e.name)],
    };
}"""


async def _crawl(base, site, paths):
    """Open every path in real Chromium, CRAWLERS at a time; return {path: findings} and foreign URLs."""
    import asyncio
    from playwright.async_api import async_playwright

    host = urlparse(base).netloc
    todo, results, foreign = list(paths), {}, []

    def empty_index(path):
        real = json.loads((site / path.lstrip("/")).read_text(encoding="utf-8"))
        return json.dumps({"config": real["config"], "docs": []})

    async def route(r):
        url = urlparse(r.request.url)
        if url.netloc == host and url.path.endswith("/search/search_index.json"):
            # Building the search index is the search tests' business; here it would cost every
            # page load a second of CPU. Serve the real config with no documents instead.
            await r.fulfill(status=200, content_type="application/json", body=empty_index(url.path))
        elif url.scheme in ("data", "blob") or url.netloc == host:
            await r.continue_()
        else:
            foreign.append(r.request.url)
            await r.abort()

    async def crawler(browser):
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        errors, failed = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        # A request cancelled because we navigate on (net::ERR_ABORTED, e.g. the search worker still
        # loading) is not a fault of the page; an HTTP error or any other failure is.
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} HTTP {r.status}"))
        await page.route("**/*", route)
        while todo:
            path = todo.pop()
            errors.clear(), failed.clear()
            await page.goto(f"{base}/{'' if path == '.' else path + '/'}", wait_until="load")
            await page.wait_for_function("() => document.fonts.status === 'loaded'")
            found = await page.evaluate(CHECK_PAGE_JS)
            found.update(errors=list(errors), failed=list(failed))
            results[path] = found
        await context.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        await asyncio.gather(*(crawler(browser) for _ in range(CRAWLERS)))
        await browser.close()
    return results, foreign


def test_every_page_loads_cleanly(server):
    """Every page of both languages: no console error, no failed request, no foreign host, images and
    math rendered, the right <html lang>, and within the page-weight budget."""
    import asyncio
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the tests through scripts/test.sh, which installs it")
    base, site = server
    paths = all_pages(site)
    assert len(paths) >= 20
    box = {}
    # The async API runs in its own thread: the sync fixtures of this module own this thread's loop.
    worker = threading.Thread(target=lambda: box.update(out=asyncio.run(_crawl(base, site, paths))))
    worker.start()
    worker.join(timeout=600)
    results, foreign = box["out"]
    assert sorted(results) == paths
    problems, weights = [], {}
    for path, found in sorted(results.items()):
        expected_lang = "en" if path == "en" or path.startswith("en/") else "zh"
        files = _local_files(found["resources"], base, site)
        fonts = sum(gzip_size(str(f)) for f in files if f.suffix in (".woff2", ".woff", ".ttf"))
        weights[path] = (sum(gzip_size(str(f)) for f in files) - fonts, fonts)
        for what in ("errors", "failed", "broken"):
            if found[what]:
                problems.append(f"{path}: {what}: {found[what][:3]}")
        if found["rawMath"] or found["rendered"] < found["hasMath"]:
            problems.append(f"{path}: math not rendered ({found['rendered']}/{found['hasMath']})")
        if found["lang"] != expected_lang:
            problems.append(f"{path}: <html lang={found['lang']!r}>, expected {expected_lang!r}")
    heaviest = sorted(weights.items(), key=lambda kv: -kv[1][0])[:5]
    print(f"\n{len(paths)} pages checked; heaviest, gzip bytes of HTML+CSS+JS+images (+ KaTeX fonts):",
          ", ".join(f"{p} {w} (+{f})" for p, (w, f) in heaviest))
    print(f"search index (gzip): {gzip_size(str(site / 'search' / 'search_index.json'))} bytes")
    # The budget is the issue's: HTML + CSS + JS + images. The math fonts a page needs (woff2, already
    # compressed) are reported and capped on their own.
    over = [f"{p}: {w} bytes" for p, (w, f) in weights.items() if w > PAGE_BUDGET]
    over += [f"{p}: {f} bytes of fonts" for p, (w, f) in weights.items() if f > FONT_BUDGET]
    assert not foreign, f"requests to other hosts: {sorted(set(foreign))[:5]}"
    assert not problems, "\n".join(problems[:30])
    assert not over, f"pages over the {PAGE_BUDGET}-byte budget: {over}"


def test_figures_within_budget(server):
    _, site = server
    figures = sorted(site.rglob("assets/figures/*.svg")) + sorted(site.rglob("assets/notebooks/*.svg"))
    assert figures
    sizes = {f.relative_to(site).as_posix(): f.stat().st_size for f in figures}
    print("\nheaviest figures:", sorted(sizes.items(), key=lambda kv: -kv[1])[:5])
    over = {k: v for k, v in sizes.items() if v > FIGURE_BUDGET}
    assert not over, f"figures over {FIGURE_BUDGET} bytes: {over}"


def _first_question():
    ch = next(iter(nav_chapters()))
    chapter = next(c for c in catalog()["chapters"] if c["id"] == ch)
    return ch, chapter["questions"][0]["id"]


def test_language_switch_keeps_the_question_after_instant_navigation(page, server):
    base, _ = server
    ch, qid = _first_question()
    page.goto(f"{base}/{ch}/", wait_until="load")
    # instant navigation (XHR), not a full load; Material rewrites the links to absolute URLs
    page.click(f'article a[href$="/{ch}/{qid}/"]')
    page.wait_for_url(f"{base}/{ch}/{qid}/")
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_url(f"{base}/en/{ch}/{qid}/")
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="zh"]')
    page.wait_for_url(f"{base}/{ch}/{qid}/")


def test_folded_answer_opens_and_dark_mode_toggles(page, server):
    base, _ = server
    ch, qid = _first_question()
    page.goto(f"{base}/{ch}/{qid}/", wait_until="load")
    details = page.locator("details.success").first
    assert details.get_attribute("open") is None, "the 30-second answer must start folded"
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.click("label.md-header__button[for^='__palette']:visible")
    after = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    ARTIFACTS.mkdir(exist_ok=True)
    for lang_prefix, name in (("", "zh"), ("en/", "en")):
        page.goto(f"{base}/{lang_prefix}{ch}/{qid}/", wait_until="load")
        page.screenshot(path=str(ARTIFACTS / f"question-{name}.png"), full_page=False)


SEARCHES = [  # (language prefix, query, chapter, question id)
    ("", "梯度消失", "gradients-init", "vanishing-gradient-impact"),
    ("", "激活函数", "activations", "activation-function-role"),
    ("", "批归一化", "normalization", "batchnorm-algorithm"),
    ("", "学习率预热", "lr-batch", "learning-rate-warmup"),
    ("en/", "dropout", "regularization", "dropout-what-why-how"),
    ("en/", "warmup", "lr-batch", "learning-rate-warmup"),
    ("en/", "saturation", "activations", "activation-vs-vanishing-gradient"),
]


@pytest.mark.parametrize("prefix, query, chapter, qid",
                         [s for s in SEARCHES if s[2] in nav_chapters()], ids=lambda v: v)
def test_search_finds_the_question(page, server, prefix, query, chapter, qid):
    base, _ = server
    page.goto(f"{base}/{prefix}", wait_until="load")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=20)
    page.keyboard.press("End")  # CJK text arrives as insertText without keyup; Material searches on keyup
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    top = [urlparse(h).path for h in hrefs[:5]]
    # Both languages share one index (mkdocs-static-i18n), so the question may come up in either.
    assert {f"/{chapter}/{qid}/", f"/en/{chapter}/{qid}/"} & set(top), f"{query!r}: top results {top}"
    if prefix == "":
        assert f"/{chapter}/{qid}/" in top, f"{query!r}: the Chinese page should be among {top}"


def test_search_index_is_segmented_like_the_browser(browser, built_site):
    """The index's Chinese words are cut as Intl.Segmenter (ICU) cuts a query; where jieba and ICU
    disagree, hooks/search_segments.py re-cuts the index (regenerate the table with
    scripts/search_segments.py after adding pages)."""
    import json
    from scripts.search_segments import SEGMENT_JS, index_words

    site, _ = built_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = index_words(index)
    page = browser.new_page()
    segments = page.evaluate(SEGMENT_JS, words)
    page.close()
    split = [w for w, s in zip(words, segments) if len(s) > 1]
    print(f"\n{len(words)} Chinese index words, {len(split)} cut differently by the browser")
    assert len(split) <= 0.02 * len(words), f"run scripts/search_segments.py: {split[:20]}"
