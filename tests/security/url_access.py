"""Every named URL of the URL conf, and who gets past its gate (issue 21, item 2).

`url_names()` walks the URL conf; `address_of()` fills its parameters with values that name no record (so a view
that looks its record up answers 404 after the gate, and one that looks it up before its permission check
answers 404 to everyone: neither shows anything). `outcome()` says what the gate did.
"""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The people the platform knows: nobody, a signed-in account with no role, each role, a superuser.
IDENTITIES = {
    "anonymous": None,
    "no role": [],
    "operator": ["Operator"],
    "supervisor": ["Senior operator"],
    "editor": ["KB editor"],
    "reviewer": ["KB reviewer"],
    "coordinator": ["Onboarding coordinator"],
    "responsible": ["Body responsible person"],
    "authority": ["Authority viewer"],
    "superuser": "superuser",
}
NOWHERE = "no-such-thing"
DUMMY = {"int": 999_999, "str": NOWHERE, "slug": NOWHERE, "path": NOWHERE, "uuid": uuid.UUID(int=0)}


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def url_names() -> dict[str, URLPattern]:
    """Each name once (the first pattern that has it, as `reverse` would find it)."""
    found = {}
    for name, pattern in _walk(get_resolver()):
        found.setdefault(name, pattern)
    return found


def _kwargs(resolver_pattern):
    converters = getattr(resolver_pattern.pattern, "converters", {})
    regex = resolver_pattern.pattern.regex
    kwargs = {}
    for group in regex.groupindex:
        converter = type(converters[group]).__name__.replace("Converter", "").lower() if group in converters else ""
        kwargs[group] = DUMMY.get(converter, "999999")
    return kwargs


# Names whose parameters no made-up value fills: Django admin's app index, Wagtail's catch-all page route.
ADDRESSES = {"admin:app_list": "/django-admin/auth/", "wagtail_serve": "/en/no-such-page/"}
# The phone system's and the monitoring system's API: what they do is POST (a GET is refused before the token).
METHODS = {"telephony_open_call": "post", "telephony_close_call": "post", "telephony_rate_call": "post"}
METHODS["stages_push"] = "post"


def address_of(name: str, pattern: URLPattern) -> str | None:
    """A concrete address for the URL name, or None when it cannot be reversed with made-up values."""
    if name in ADDRESSES:
        return ADDRESSES[name]
    try:
        return reverse(name, kwargs=_kwargs(pattern)) if pattern.pattern.regex.groupindex else reverse(name)
    except Exception:  # a parameter with its own converter (e.g. Wagtail's app_label/model_name pairs)
        try:
            return reverse(name, args=["999999"] * pattern.pattern.regex.groups)
        except Exception:
            return None


LOGIN = re.compile(r"/(admin|django-admin)/login/")


def outcome(response) -> str:
    """in: past the gate; out: refused (401, 403, sent to a login, Wagtail's 'no permission' back home);
    missing: 404; error: 5xx (always a bug)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403):
        return "out"
    if status == 404:
        return "missing"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if LOGIN.search(location) or location.rstrip("/").endswith("/admin") or location == "/admin/":
            return "out"
    return "in"
