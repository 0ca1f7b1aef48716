from django import template

from workflows.accounts.admin_banners import banners_for

register = template.Library()


@register.inclusion_tag("accounts/admin_banners.html", takes_context=True)
def admin_banners(context):
    """The banners the apps have for this user now (see `workflows.accounts.admin_banners`)."""
    request = context.get("request")
    return {"banners": banners_for(request) if request is not None else []}
