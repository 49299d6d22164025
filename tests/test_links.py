"""Crawl the built site: every internal link, image, script and stylesheet resolves, and every
#anchor exists on its target page. External links (prose citations) are not followed."""
import html.parser
import posixpath
from urllib.parse import unquote, urlparse

import yaml

from tests.pages import ROOT


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.refs.append((tag, a[attr]))


def _parse(path, cache={}):
    if path not in cache:
        c = _Collector()
        c.feed(path.read_text(encoding="utf-8"))
        cache[path] = c
    return cache[path]


SITE_PATH = urlparse(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path  # "/handbook/"


def test_no_broken_internal_links_or_anchors(built_site):
    site, _ = built_site
    pages = sorted(site.rglob("*.html"))
    broken, checked = [], 0
    for page in pages:
        for tag, ref in _parse(page).refs:
            url = urlparse(ref)
            if url.scheme or url.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            target_path = unquote(url.path)
            if target_path.startswith("/"):  # 404.html links absolutely, under site_url's path
                if not target_path.startswith(SITE_PATH):
                    broken.append(f"{page.relative_to(site)}: {ref} is outside {SITE_PATH}")
                    continue
                target_path = target_path[len(SITE_PATH):] or "."
                rel_dir = "."
            else:
                rel_dir = page.parent.relative_to(site).as_posix()
            if target_path == "":
                target = page
            else:
                joined = posixpath.normpath(posixpath.join(rel_dir, target_path))
                if joined.startswith(".."):
                    broken.append(f"{page.relative_to(site)}: {ref} leaves the site")
                    continue
                target = site / joined
                if target.is_dir() or target_path.endswith("/"):
                    target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
                continue
            if url.fragment and target.suffix == ".html" and page.name != "404.html":
                if unquote(url.fragment) not in _parse(target).ids:
                    broken.append(f"{page.relative_to(site)}: {ref} (missing anchor)")
    assert checked > 100
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])
