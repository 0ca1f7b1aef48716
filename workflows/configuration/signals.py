"""What the configuration announces: a configuration model registered here was saved or deleted.

`configuration_changed(sender=<model>, instance=<row>)` is sent after every save or delete of a registered
model (`registry.register`); the public site hears it and purges its page cache (cms/search/receivers.py),
since the site settings and the reference lists show on every page.
"""

from django.dispatch import Signal

configuration_changed = Signal()
