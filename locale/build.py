"""Compile the .po catalogues (locale/ and the Kazakh Wagtail admin) into .mo with polib: `make messages`."""

from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
APP_CATALOGUES = "ucc_site/wagtail_kk/locale/*/LC_MESSAGES/*.po"  # the Kazakh Wagtail admin (update_wagtail_kk.py)


def compile_all():
    for po_path in sorted([*HERE.glob("*/LC_MESSAGES/django.po"), *HERE.parent.glob(APP_CATALOGUES)]):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    compile_all()
