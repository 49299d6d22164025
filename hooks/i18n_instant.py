"""MkDocs hook: silence one false warning of mkdocs-static-i18n, so `strict: true` can stay on.

mkdocs-static-i18n warns that its per-page language links do not survive Material's instant
navigation. Material itself covers that case: its language selector looks the current page up in
the i18n sitemap (hreflang alternates) and goes to the same page in the other language. The browser
tests check exactly that, so this one message, and nothing else, is dropped.
"""
import logging

MESSAGE = "language switcher contextual link is not compatible with theme.features = navigation.instant"


class _DropInstantWarning(logging.Filter):
    def filter(self, record):
        return MESSAGE not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_DropInstantWarning())
