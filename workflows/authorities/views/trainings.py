"""Admin views: trainings."""

urlpatterns = []
menu_entries = []  # (label, url name, icon, permission)
