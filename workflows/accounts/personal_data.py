"""Masking applicants' personal data (phones, e-mails) wherever it must not be shown in full."""

import re

EMAIL = re.compile(r"(?P<first>[\w.%+-])[\w.%+-]*@(?P<domain>[\w-]+(?:\.[\w-]+)+)", re.UNICODE)
# A phone is a run of 10 or more digits, possibly split by spaces, dashes, dots or brackets.
PHONE = re.compile(r"(?<![\w-])\+?\d(?:[\s().-]*\d){9,14}(?![\w])")


def mask_email(match):
    return f"{match['first']}***@{match['domain']}"


def mask_phone(match):
    digits = re.sub(r"\D", "", match.group(0))
    return f"{'*' * (len(digits) - 2)}{digits[-2:]}"


def mask_personal_data(text):
    """Replace e-mail addresses and phone numbers in `text` with masked forms.

    "a.nurlanova@mail.kz" → "a***@mail.kz"; "+7 701 123 45 67" → "*********67".
    """
    if not text:
        return text
    return PHONE.sub(mask_phone, EMAIL.sub(mask_email, str(text)))
