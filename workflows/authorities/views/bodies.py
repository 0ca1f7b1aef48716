"""Admin views: bodies."""

urlpatterns = []
menu_entries = []  # (label, url name, icon, permission)
