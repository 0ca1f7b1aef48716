"""What appeals announce to the apps above them; appeals import none of those apps.

Telephony sits above appeals (it imports them): rather than call telephony, appeals sends a signal and
telephony's receivers (`workflows/telephony/receivers.py`, connected in its AppConfig.ready) react. With
telephony not installed nobody listens and appeals works on its own.
"""

from django.dispatch import Signal

# Para 7: an operator registered `appeal` from the call `call_id` (the phone system's id, carried by the
# "new appeal from a call" form). Sent inside the registering transaction, so a receiver's writes commit or
# roll back with the appeal; a receiver returns True when the call now has the appeal.
call_appeal_registered = Signal()

# Para 13: the answer mail to a written `appeal` is being written. A receiver returns a dict of extra
# template context (telephony: the signed rating link); what nobody returns stays empty in the mail.
answer_mail_composed = Signal()

# Paras 7-8: `appeals` (a list) were registered, by one form or a batch of the e-mail intake. Sent inside the
# registering transaction; a receiver that acts outside the platform waits for the commit (webhooks).
appeals_registered = Signal()
