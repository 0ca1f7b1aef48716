"""Turning the bytes of a header or a body into readable text, whatever charset the sender claimed.

Russian and Kazakh mail still arrives in Windows-1251 and KOI8-R, declared wrongly (cp1251 labelled
utf-8, utf-8 labelled latin-1 or cp1252), under names no codec knows (`x-unknown`) or not declared at
all. The declared charset is tried first, then utf-8, cp1251 and koi8-r; each decoding is scored for
how plausible its Cyrillic looks, and the declared one wins unless another reads clearly better.
"""

import codecs
import re

DETECTION_ORDER = ("utf-8", "cp1251", "koi8-r")
# The most frequent letters of Russian and Kazakh prose (lower case): a wrong 8-bit decoding scatters them.
FREQUENT = set("оеаинтсрвлкмдпуяығқңөұүәіһ")
# What a wrong decoding leaves behind: C1 controls, replacement characters, utf-8-read-as-latin-1 pairs.
MIXED_WORD = re.compile(r"[a-zA-Z][\u0400-\u04ff]|[\u0400-\u04ff][a-zA-Z]")
MOJIBAKE = re.compile(r"[\x80-\x9f\ufffd]|[ÐÑ][\x80-\xbf]|Ã.|Â.|Ð|Ñ")


def codec_name(charset):
    """The Python codec of a declared charset, or None when the name is unknown (`x-unknown`, junk)."""
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def plausibility(text):
    """Higher is more like real text: lower-case Cyrillic, frequent letters; mojibake and words mixing
    Latin and Cyrillic letters (`cafй`: Latin-1 read as cp1251) cost dearly."""
    score = 0
    for char in text:
        if "\u0400" <= char <= "\u04ff" and char.islower():
            score += 3 if char in FREQUENT else 2
    mixed = len(MIXED_WORD.findall(text))
    return score - 6 * len(MOJIBAKE.findall(text)) - 8 * mixed


def strict_utf8(data):
    """`data` as UTF-8, or None. A multi-byte sequence cut off at the very end (a truncated body) is forgiven."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8", errors="replace") + "\ufffd"
        return None


def decode_bytes(data, declared=None):
    """Readable text from `data`.

    Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the label says (8-bit text in another charset is
    practically never valid UTF-8 by chance). Otherwise the declared charset, cp1251 and koi8-r are
    scored and the most plausible wins; the declared one on a tie.
    """
    if not data:
        return ""
    if data.isascii():
        return data.decode("ascii")
    text = strict_utf8(data)
    if text is not None:
        return text
    candidates = []
    for name in (codec_name(declared), *DETECTION_ORDER[1:]):
        if name is None or name == "utf-8" or any(name == seen for seen, _text in candidates):
            continue
        try:
            candidates.append((name, data.decode(name)))
        except (UnicodeDecodeError, LookupError):
            continue
    if not candidates:
        return data.decode("cp1251", errors="replace")
    # max() keeps the first of equals: the declared charset, then the detection order.
    return max(candidates, key=lambda item: plausibility(item[1]))[1]
