"""Compile locale/*/LC_MESSAGES/django.po into .mo with polib (no GNU gettext needed): `make messages`."""

from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent


def compile_all():
    for po_path in sorted(HERE.glob("*/LC_MESSAGES/django.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    compile_all()
