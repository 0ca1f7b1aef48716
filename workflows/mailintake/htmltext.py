"""HTML mail turned into plain text, never rendered: scripts, styles and markup dropped, entities decoded.

The text is data for the operator's screen and for mail; whatever looked like a tag in it is defused
(`<script` becomes `‹script`) so no consumer that forgets to escape can ever run it.
"""

import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "embed", "svg", "math"}
BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
ACTIVE_TAG = re.compile(r"<(?=\s*/?\s*(?:script|style|iframe|object|embed|svg|img|meta|link|base|form)\b)", re.I)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html):
    """The readable text of an HTML body: no script or style content, entities decoded, blank runs collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return tidy("".join(collector.parts))


def defuse(text):
    """Plain text that cannot turn into live markup: a `<` opening an active tag becomes `‹`."""
    return ACTIVE_TAG.sub("‹", text.replace("\x00", ""))


def tidy(text):
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
