"""Serve a built site on 127.0.0.1 with gzip, as GitHub Pages does (Python's http.server sends files
uncompressed, which makes Lighthouse's simulated network several times slower than the real site).

Usage: python scripts/serve_gzip.py SITE_DIR PORT
"""
import functools
import gzip
import http.server
import sys

COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".py", ".ipynb")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if self.path.endswith("/") or not path.endswith(COMPRESSIBLE) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path.rstrip("/") + "/index.html"
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().send_head()
        try:
            with open(path, "rb") as fh:
                body = gzip.compress(fh.read(), compresslevel=6, mtime=0)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


if __name__ == "__main__":
    site, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(GzipHandler, directory=site)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
