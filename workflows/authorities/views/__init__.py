"""Admin views of the bodies and authorities, one module per process; each module gives `urlpatterns` and
`menu_entries` ((label, url name, icon, permission) rows), which `wagtail_hooks` collects."""
