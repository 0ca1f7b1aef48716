"""A form page's submission registered as what the page names: an appeal (`appeals.services.register_appeal`:
its number, the two-working-day deadline of para 8, the acknowledgement mail) or an ICT request of a state body
(`ict.services.register_request`: its number and the Regulations' terms, paras 35-37)."""

from workflows.appeals import services as appeals
from workflows.ict import services as ict

from .choices import MapsTo, Target

GUARD_FIELDS = ("website", "started", "body")


def _split(page, data):
    """The mapped values and the text: the field mapped to the text first, then every unmapped field labelled."""
    mapped, extra = {}, []
    for field in page.get_form_fields():
        value = data.get(field.clean_name)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        value = "" if value in (None, False) else str(value).strip()
        if field.maps_to:
            mapped[field.maps_to] = value
        elif value:
            extra.append(f"{field.label}: {value}")
    return mapped, extra


def submit(page, data, *, language):
    """Registers the submission; returns the appeal or the ICT request. Nothing is written when it is refused."""
    mapped, extra = _split(page, data)
    if page.target == Target.ICT_REQUEST:
        return ict.register_request(
            body=data["body"],
            subject=mapped.get(MapsTo.SUBJECT, "") or page.title,
            description="\n".join(filter(None, [mapped.get(MapsTo.TEXT, ""), *extra])),
            channel=page.ict_channel,
            request_type=page.ict_request_type,
            priority=page.ict_priority,
            requester_name=mapped.get(MapsTo.NAME, ""),
            requester_phone=mapped.get(MapsTo.PHONE, ""),
            requester_email=mapped.get(MapsTo.EMAIL, ""),
        )
    subject = mapped.get(MapsTo.SUBJECT, "")
    content = "\n".join(filter(None, [subject, mapped.get(MapsTo.TEXT, ""), *extra]))
    fields = {
        "applicant_name": mapped.get(MapsTo.NAME, ""),
        "applicant_email": mapped.get(MapsTo.EMAIL, ""),
        "applicant_phone": mapped.get(MapsTo.PHONE, ""),
    }
    return appeals.register_appeal(
        channel=page.channel,
        content=content,
        language=language,
        topic=page.topic,
        applicant_kind=page.applicant_kind,
        queue=page.queue,
        **{name: value for name, value in fields.items() if value},
    )
