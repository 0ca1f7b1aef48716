"""`{% csp_nonce %}`: the nonce an inline script needs to run under the Content-Security-Policy (ucc_site/csp.py).

Read from the request's context variable, not the template context, so it works in form widgets too (Wagtail's
date pickers), which are rendered without the request."""

from django import template

from ucc_site.csp import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce():
    return current_nonce()
