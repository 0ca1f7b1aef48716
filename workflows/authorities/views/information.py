"""Admin views: information."""

urlpatterns = []
menu_entries = []  # (label, url name, icon, permission)
