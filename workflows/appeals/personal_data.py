"""The applicant's name, phone and e-mail: who may see them, how they are masked, and the audit of each view.

Only the roles with `appeals.view_applicant` (operator, senior operator) see them in full; every screen
that shows them in full records an auditlog "access" entry (who, when, which appeal). Everyone else
(the authority viewer, exports, logs) gets the masked form.
"""

from auditlog.context import set_actor
from auditlog.signals import accessed

from workflows.accounts.personal_data import mask_personal_data

from .models import Appeal

VIEW_APPLICANT = "appeals.view_applicant"


def mask_name(name):
    """ "Сейткали Айгерим Нурлановна" → "С*** А*** Н***": initials only."""
    return " ".join(f"{word[0]}***" for word in (name or "").split())


def mask_email(email):
    return mask_personal_data(email) if email else ""


def mask_phone(phone):
    masked = mask_personal_data(phone) if phone else ""
    if masked == phone and len(phone) > 2:  # too short to look like a phone to the log filter: mask anyway
        return "*" * (len(phone) - 2) + phone[-2:]
    return masked


def may_see_applicant(user):
    return user.is_authenticated and user.has_perm(VIEW_APPLICANT)


def applicant(appeal, user, *, remote_addr=None):
    """The applicant's fields as `user` may see them; a full view is audited as an "access" log entry."""
    if may_see_applicant(user):
        record_access(appeal, user, remote_addr=remote_addr)
        return {
            "name": appeal.applicant_name,
            "phone": appeal.applicant_phone,
            "email": appeal.applicant_email,
            "masked": False,
        }
    return masked_applicant(appeal)


def masked_text(text, user):
    """Free text as `user` may read it: what an applicant writes may hold a phone, an e-mail or an IIN."""
    return text if may_see_applicant(user) else mask_personal_data(text)


def appeal_texts(appeal, user):
    """The appeal's free texts (content, measures taken, answer) as `user` may read them."""
    return {name: masked_text(getattr(appeal, name), user) for name in ("content", "measures_taken", "answer")}


def masked_applicant(appeal):
    """The applicant's fields as everyone but the operators sees them."""
    return {
        "name": mask_name(appeal.applicant_name),
        "phone": mask_phone(appeal.applicant_phone),
        "email": mask_email(appeal.applicant_email),
        "masked": True,
    }


def record_access(appeal, user, *, remote_addr=None):
    """django-auditlog's LogEntry with action ACCESS: `user` saw this appeal's personal data now."""
    with set_actor(user, remote_addr=remote_addr):
        accessed.send(sender=Appeal, instance=appeal)
