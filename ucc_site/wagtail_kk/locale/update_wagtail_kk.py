"""Keep the Kazakh catalogue of the Wagtail admin (ucc_site/wagtail_kk/locale/kk) in step with the packages.

Wagtail and wagtail-localize ship Russian admin translations but no Kazakh ones, so an
editor whose admin language is kk would see English. ucc_site.wagtail_kk is listed before them in INSTALLED_APPS, so its
locale directory wins. The msgids are taken from the packages' own Russian catalogues (the same strings the
Russian admin is translated from), the Kazakh msgstrs from the existing kk files here.

    .venv/bin/python ucc_site/wagtail_kk/locale/update_wagtail_kk.py  # merge new msgids, drop gone ones, compile
    .venv/bin/python ucc_site/wagtail_kk/locale/update_wagtail_kk.py --compile  # only compile the .po files

After a Wagtail upgrade run it once, translate the entries it reports as untranslated, run it again.
Needs only polib (no GNU gettext).
"""

import argparse
import importlib.util
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
KK = HERE / "kk" / "LC_MESSAGES"
PACKAGES = ["wagtail", "wagtail_localize"]
HEADER = (
    "Kazakh translations of the Wagtail and wagtail-localize admin strings.\n"
    "msgids are those of the packages' Russian catalogues (Wagtail 8.0.1, wagtail-localize 1.14.5).\n"
    "Refresh after an upgrade: python ucc_site/wagtail_kk/locale/update_wagtail_kk.py"
)
METADATA = {
    "Project-Id-Version": "UCC platform: Kazakh catalogue for Wagtail admin",
    "Language": "kk",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n!=1);",
}


def russian_catalogues(domain):
    """The packages' ru catalogues of one domain, in a stable order (wagtail's own apps first)."""
    found = []
    for package in PACKAGES:
        root = Path(importlib.util.find_spec(package).origin).parent
        found += [(root.parent, path) for path in sorted(root.glob(f"**/locale/ru/LC_MESSAGES/{domain}.po"))]
    return found


def merge(domain):
    """Rebuild kk/<domain>.po from the installed msgids, keeping every Kazakh msgstr already written."""
    path = KK / f"{domain}.po"
    memory = {}
    if path.exists():
        for entry in polib.pofile(str(path)):
            if entry.translated():
                memory[(entry.msgctxt, entry.msgid)] = entry
    po = polib.POFile(wrapwidth=0)
    po.header = HEADER
    po.metadata = dict(METADATA)
    seen = set()
    for site_packages, source in russian_catalogues(domain):
        origin = str(source.relative_to(site_packages)).split("/locale/")[0]
        for ru in polib.pofile(str(source)):
            key = (ru.msgctxt, ru.msgid)
            if ru.obsolete or key in seen:
                continue
            seen.add(key)
            entry = polib.POEntry(
                msgid=ru.msgid, msgctxt=ru.msgctxt, comment=origin, flags=[f for f in ru.flags if f != "fuzzy"]
            )
            old = memory.get(key)
            if ru.msgid_plural:
                entry.msgid_plural = ru.msgid_plural
                entry.msgstr_plural = dict(old.msgstr_plural) if old and old.msgid_plural else {0: "", 1: ""}
            else:
                entry.msgstr = old.msgstr if old and not old.msgid_plural else ""
            po.append(entry)
    po.save(str(path))
    untranslated = po.untranslated_entries()
    print(f"{path.relative_to(HERE.parent.parent)}: {len(po.translated_entries())}/{len(po)} translated")
    for entry in untranslated[:50]:
        print(f"  untranslated: {entry.msgid[:100]!r}")


def compile_all():
    """Write the .mo next to each kk .po (what Django reads)."""
    for po_path in sorted(KK.glob("*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", action="store_true", help="only compile the existing .po files")
    args = parser.parse_args()
    if not args.compile:
        for domain in ("django", "djangojs"):
            merge(domain)
    compile_all()
