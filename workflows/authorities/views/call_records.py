"""Admin views: call_records."""

urlpatterns = []
menu_entries = []  # (label, url name, icon, permission)
