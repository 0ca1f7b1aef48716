"""A logging filter that masks personal data in every record before any handler writes it."""

import logging

from .personal_data import mask_personal_data


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record):
        record.msg = mask_personal_data(record.getMessage())
        record.args = ()
        return True
