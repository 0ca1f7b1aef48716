"""The platform's routes plus the benchmark's baseline: a plain Django JSON view doing one INSERT."""

import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from ucc_site.urls import urlpatterns as site_urlpatterns


@csrf_exempt
def baseline(request):
    payload = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_telephony_event (payload) VALUES (%s)", [json.dumps(payload)])
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
