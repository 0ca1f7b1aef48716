"""The safe template language of the editable mail texts: `{{ placeholder }}` and nothing else.

No Django template is ever built from an edited text: a small regular expression finds the placeholders and
replaces each by its value, as text. There are no tags, filters, attribute look-ups or method calls, so an
edited text can neither run code nor reach data beyond the values a notification offers;
`{{ applicant.__class__ }}` is simply an unknown placeholder and is refused on save.

One rule makes optional parts possible without conditionals: a line whose placeholders are all empty is left
out ("Phone: {{ body_phone }}" disappears when the body has no phone).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
TAG = re.compile(r"\{%|%\}|\{#|#\}")
BLANK_RUNS = re.compile(r"\n{3,}")


def placeholder(name):
    """`{{ name }}` as an editor writes it."""
    return "{{ " + name + " }}"


def placeholders_in(text):
    """The placeholders `text` uses, as written between the braces (stripped), in order, once each."""
    seen = []
    for match in PLACEHOLDER.finditer(text or ""):
        name = match.group(1).strip()
        if name not in seen:
            seen.append(name)
    return seen


def check(text, allowed):
    """Raise ValidationError naming every placeholder of `text` not in `allowed`, and any template tag."""
    errors = []
    if TAG.search(text or ""):
        errors.append(_("Template tags and comments ({% … %}, {# … #}) are not allowed; use only {{ placeholder }}."))
    unknown = [name for name in placeholders_in(text) if name not in allowed]
    if unknown:
        errors.append(
            _("Unknown placeholders: %(unknown)s. Allowed: %(allowed)s.")
            % {
                "unknown": ", ".join(map(placeholder, unknown)),
                "allowed": ", ".join(map(placeholder, allowed)) or "—",
            }
        )
    if errors:
        raise ValidationError(errors)


def render(text, values, *, html=False):
    """`text` with each placeholder replaced by `str(values[name])` ("" if absent); with `html=True` the text
    and the values are escaped and the lines kept (for the HTML part of a mail). Lines whose placeholders are
    all empty are dropped."""
    lines = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        names = [match.group(1).strip() for match in PLACEHOLDER.finditer(line)]
        if names and not any(_value(values, name) for name in names):
            continue
        if html:
            pieces, last = [], 0
            for match in PLACEHOLDER.finditer(line):
                pieces.append(escape(line[last : match.start()]))
                pieces.append(escape(_value(values, match.group(1).strip())).replace("\n", "<br>\n"))
                last = match.end()
            pieces.append(escape(line[last:]))
            lines.append("".join(pieces))
        else:
            lines.append(PLACEHOLDER.sub(lambda match: _value(values, match.group(1).strip()), line))
    result = BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    if html:
        paragraphs = [part.replace("\n", "<br>\n") for part in result.split("\n\n")]
        return "".join(f"<p>{part}</p>\n" for part in paragraphs)
    return result


def _value(values, name):
    value = values.get(name, "")
    return "" if value is None else str(value)
