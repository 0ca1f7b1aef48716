"""Signals the registry sends to the rest of the platform.

`service_changed` is sent once a by-law change to a public service has been reported and committed
(`services.report_service_change`), with `service=` (the PublicService) and `change=` (the
ServiceChange). It is the hook the Knowledge Base consumes to flag the articles linked to that service
for review while the responsible person updates the information (para 26). It is sent after the
transaction commits, so a receiver never sees a change that was rolled back.
"""

import django.dispatch

service_changed = django.dispatch.Signal()
