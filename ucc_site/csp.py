"""The Content-Security-Policy of every answer (issue 21, item 1): public pages, the admin, the API.

Django 5.2 has no CSP of its own; this small middleware sends one policy everywhere. Scripts come from the
site itself only: no inline script runs unless it carries the nonce of its request. The public pages have no
inline script at all (so a cached page is right whatever nonce its header carries); the few inline scripts of
Wagtail's admin are its templates overridden under `ucc_site/templates/` with `nonce="{% csp_nonce %}"`.
Styles may be inline (Wagtail's admin sets `style` attributes); a style cannot run code.

Frames: `frame-ancestors` follows the answer's X-Frame-Options (DENY everywhere, SAMEORIGIN on Wagtail's
preview, which the editor shows in an iframe), so browsers that read only one of the two agree.
`UCC_CSP_REPORT_ONLY=1` sends the policy as Content-Security-Policy-Report-Only (a first deployment's trial);
`UCC_CSP_EXTRA` adds sources to directives (e.g. `{"frame-src": ["https://www.youtube.com"]}` for embeds).
"""

import secrets
from contextvars import ContextVar

from django.conf import settings

_nonce: ContextVar[str] = ContextVar("csp_nonce", default="")

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
FRAME_ANCESTORS = {"DENY": "'none'", "SAMEORIGIN": "'self'"}


def current_nonce() -> str:
    """The nonce of the request being answered ('' outside a request)."""
    return _nonce.get()


def policy(nonce: str, x_frame_options: str | None) -> str:
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    directives["script-src"].append(f"'nonce-{nonce}'")
    for name, sources in getattr(settings, "UCC_CSP_EXTRA", {}).items():
        directives.setdefault(name, []).extend(sources)
    ancestors = FRAME_ANCESTORS.get((x_frame_options or "").upper())
    if ancestors:
        directives["frame-ancestors"] = [ancestors]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Outside the page cache and X-Frame-Options: every answer, cached or not, gets a fresh nonce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        token = _nonce.set(nonce)
        try:
            response = self.get_response(request)
        finally:
            _nonce.reset(token)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "UCC_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if header not in response:
            response[header] = policy(nonce, response.get("X-Frame-Options"))
        return response
