"""Date formats of the admin and the site in Kazakhstan's convention, DD.MM.YYYY, in all three languages.

Django has no Kazakh formats (the global defaults, ISO and the American MM/DD/YYYY, applied), its Russian
ones refuse ISO and its English ones refuse DD.MM.YYYY: the onboarding form refused 01.12.2026 that the bulk
start accepted (issue 14, defect 9). Every date input accepts DD.MM.YYYY and ISO; kk and ru show DD.MM.YYYY.
"""

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
]
