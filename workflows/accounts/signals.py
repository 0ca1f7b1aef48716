"""What accounts announce to the apps above them; accounts (roles are at the bottom) imports none of them.

Receivers are connected in the listening app's AppConfig.ready; with nobody listening accounts works alone.
"""

from django.dispatch import Signal

# A demo user was made or found for `role` (a `roles.Role`): `user`. Sent inside `create_demo_users`'s
# transaction; the directory gives a person restricted to their own body the body they speak for.
demo_user_ready = Signal()
