"""The reference lists as they were coded until issue 20: seeded by the migration `0002`, and again whenever
the table is found empty (a database flushed by the test runner, or emptied by hand), so that the codes stored
in the records always validate."""

from django.utils import translation
from django.utils.translation import gettext

# (list, code, English name as it was coded, used by the code)
SEED = [
    ("appeal_topic", "public_service", "public service", False),
    ("appeal_topic", "ict_service", "ICT service", False),
    ("appeal_topic", "e_government", "e-government", False),
    ("appeal_channel", "phone_1414", "phone 1414", True),
    ("appeal_channel", "phone_8800", "phone 8 800 080 7777", True),
    ("appeal_channel", "email", "e-mail", True),
    ("appeal_channel", "web", "web form", True),
    ("appeal_channel", "api", "API", True),
    ("appeal_outcome", "registered", "registered", True),
    ("appeal_outcome", "in_progress", "in progress", True),
    ("appeal_outcome", "redirected", "redirected", True),
    ("appeal_outcome", "forwarded", "forwarded for clarification", True),
    ("appeal_outcome", "answered", "answered", True),
    ("appeal_outcome", "referred", "referred to the competent body", True),
    ("appeal_outcome", "closed", "closed", True),
    ("appeal_outcome", "merged", "merged into another appeal", True),
    ("applicant_kind", "individual", "individual", False),
    ("applicant_kind", "legal_entity", "legal entity", False),
    ("applicant_kind", "state_body", "state body", False),
    ("kb_audience", "citizens", "citizens", False),
    ("kb_audience", "legal_entities", "legal entities", False),
    ("kb_audience", "state_bodies", "state bodies", False),
    ("kb_topic", "public_services", "public services", False),
    ("kb_topic", "ict_services", "ICT services", False),
    ("kb_topic", "e_government", "e-government", False),
    ("life_situation", "birth", "birth of a child", False),
    ("life_situation", "marriage", "marriage", False),
    ("life_situation", "housing", "housing", False),
    ("life_situation", "education", "education", False),
    ("life_situation", "employment", "employment", False),
    ("life_situation", "pension", "pension and social support", False),
    ("life_situation", "business", "business", False),
    ("life_situation", "documents", "documents", False),
    ("ict_request_type", "consultation", "consultation", True),
    ("ict_request_type", "incident", "incident (the service does not work)", True),
    ("ict_request_type", "access", "access and accounts", True),
    ("ict_request_type", "other", "other", True),
]


def names(english):
    translated = {}
    for language in ("kk", "ru"):
        with translation.override(language):
            translated[language] = gettext(english)
    return translated


def seed_entries(ListEntry):  # noqa: N803 (the model class: the migration passes its historical one)
    """Every entry of SEED that is not there yet (by list and code); idempotent."""
    order = {}
    for list_name, code, english, fixed in SEED:
        order[list_name] = order.get(list_name, 0) + 10
        translated = names(english)
        ListEntry.objects.get_or_create(
            list_name=list_name,
            code=code,
            defaults={
                "name_en": english,
                "name_kk": translated["kk"],
                "name_ru": translated["ru"],
                "sort_order": order[list_name],
                "fixed": fixed,
            },
        )
