"""`{% site_contacts as contacts %}`: the site's lines, support e-mail, footer and notice (issue 20, item 1).

On a page, the request's site (cached on the request by Wagtail); in a mail or a PDF, rendered without a
request, the default site. `contacts.line_1414`, `contacts.tel_1414`, `contacts.line_8800`, `contacts.tel_8800`,
`contacts.support_email`, `contacts.footer` and `contacts.notice` (in the active language; '' when none).
"""

from django import template
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_contacts(context):
    return selectors.site_contacts(request=context.get("request"), language=get_language())
