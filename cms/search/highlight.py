"""Snippets with the words that matched marked, made from a document's plain text (the same on every
backend): a word is marked when its term, in the document's language, is one the query searched for."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import analysis

SNIPPET_WORDS = 30
SCAN_CHARACTERS = 20_000


def _matches(text, language, terms):
    """(start, end) of every word of `text` whose term is in `terms`."""
    spans = []
    for match in analysis.TOKEN.finditer(text[:SCAN_CHARACTERS]):
        words = analysis.tokens(match.group())
        if words and analysis.stem(words[0], language) in terms:
            spans.append(match.span())
    return spans


def _marked(text, spans, start, end):
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text, language, terms):
    """The whole (short) text with its matches marked, as safe HTML."""
    return mark_safe(_marked(text, _matches(text, language, terms), 0, len(text)))


def snippet(text, language, terms, words=SNIPPET_WORDS):
    """About `words` words of `text` around its first match (or its beginning), matches marked."""
    spans = _matches(text, language, terms)
    boundaries = [match.span() for match in analysis.TOKEN.finditer(text[:SCAN_CHARACTERS])]
    if not boundaries:
        return ""
    first = 0
    if spans:
        first = next(i for i, span in enumerate(boundaries) if span[0] == spans[0][0])
    begin = max(0, first - words // 3)
    finish = min(len(boundaries), begin + words) - 1
    start, end = boundaries[begin][0], boundaries[finish][1]
    html = _marked(text, spans, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return mark_safe(prefix + html + suffix)
