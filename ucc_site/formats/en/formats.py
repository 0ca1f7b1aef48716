from ucc_site.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

FIRST_DAY_OF_WEEK = 1  # Monday, as in Kazakhstan
