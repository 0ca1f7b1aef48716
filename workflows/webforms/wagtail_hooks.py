"""A form page is served by `views.serve_form` (the model imports no service: the house's contract)."""

from wagtail import hooks

from .models import PublicFormPage
from .views import serve_form


@hooks.register("before_serve_page")
def serve_public_form(page, request, serve_args, serve_kwargs):
    if isinstance(page, PublicFormPage):
        return serve_form(page, request)
    return None
