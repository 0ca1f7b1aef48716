"""The site's URLs plus /bench/bare/: a Django view returning a fixed page of the same size, through the same
middleware (the baseline of bench/pages.py)."""

from django.http import HttpResponse
from django.urls import path

from ucc_site.urls import urlpatterns as site_urlpatterns

BARE_PAGE = ("<!DOCTYPE html><html><body>" + "<p>1414</p>" * 900 + "</body></html>").encode()


def bare(request):
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
