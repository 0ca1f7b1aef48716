"""Applicants' phones and e-mails never reach the logs in full."""

import logging

from workflows.accounts.personal_data import mask_personal_data


def test_phones_keep_only_their_last_two_digits():
    assert mask_personal_data("caller +7 701 123 45 67 asked") == "caller *********67 asked"
    assert mask_personal_data("87011234567") == "*********67"
    assert mask_personal_data("8 (727) 250-00-11") == "*********11"


def test_emails_keep_their_first_letter_and_domain():
    assert mask_personal_data("from a.nurlanova@mail.kz:") == "from a***@mail.kz:"


def test_short_numbers_and_dates_stay_readable():
    text = "Appeal UCC-2026-000123 of 2026-11-25, call 1414, 8 800 080 7777 line"
    masked = mask_personal_data(text)
    assert "UCC-2026-000123" in masked and "2026-11-25" in masked and "1414" in masked


def test_the_logging_filter_masks_every_record(caplog):
    from workflows.accounts.logging import MaskPersonalDataFilter

    logger = logging.getLogger("ucc.test")
    logger.addFilter(MaskPersonalDataFilter())
    try:
        with caplog.at_level(logging.INFO, logger="ucc.test"):
            logger.info("appeal from %s, phone %s", "aigerim@mail.kz", "+7 777 000 11 22")
    finally:
        logger.filters.clear()
    assert caplog.messages == ["appeal from a***@mail.kz, phone *********22"]


def test_the_configured_console_handler_masks(settings):
    assert "mask_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]
