"""Admin views: discrepancies."""

urlpatterns = []
menu_entries = []  # (label, url name, icon, permission)
