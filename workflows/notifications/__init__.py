"""Notification templates (issue 20, item 3): every mail the platform sends, editable in kk/ru/en."""
