"""The language switcher of every public page type, below the apps that have pages (home, services, knowledge).

Each language has its own tree under Wagtail's root (kk, ru, en: the site's home page and its translations).
A page names its translations; where there is none yet, the switcher leads to this very page's address under
that language's prefix, which HomePage.route serves in the page's own language with a "not translated yet"
notice. Kept here, not in cms.home, so that the page apps below home can use it (issue 15: one direction of
imports, cms.home > cms.services > cms.search > cms.knowledge > cms.languages).
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.admin.forms import WagtailAdminPageForm

from workflows.lists.selectors import choices as reference_choices


class LanguageLinksMixin:
    """Gives templates `page_languages` (the switcher) and, when the page is shown in a language it is
    not translated into yet, `untranslated` (the notice naming the language the text is in)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_languages"] = self.language_links(request)
        context["untranslated"] = self.locale.language_code != get_language()
        return context

    def language_links(self, request):
        """The switcher of this page; a busy page type may keep it in the cache (services.ServicePage)."""
        return language_links(self)


def same_path_in(page, code):
    """The address `page` has in language `code`'s tree: its path below its own home page (the root of its
    language's tree, right under Wagtail's root, so the first step of its url_path), under /code/."""
    steps = page.url_path.split("/", 2)  # "/home/services/passport/" -> "", "home", "services/passport/"
    return f"/{code}/{steps[2] if len(steps) > 2 else ''}"


def language_links(page):
    """For each language, this page's translation; where there is none yet, this very page under that
    language's prefix (shown with a "not translated yet" notice), never a different page."""
    translations = {
        p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translations[code].url if code in translations else same_path_in(page, code),
            "current": code == current,
            "translated": code in translations,
        }
        for code, name in settings.LANGUAGES
    ]


def reference_list_form(**fields):
    """Issue 20, item 4: a page form whose `fields` (field name → reference list) offer the list's active
    entries in the administrator's order, and the page's own value even if it was deactivated since."""

    class ReferenceListPageForm(WagtailAdminPageForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, list_name in fields.items():
                if name not in self.fields:
                    continue
                current = getattr(self.instance, name, None)
                blank = [] if self.fields[name].required else [("", "---------")]
                self.fields[name].choices = blank + reference_choices(list_name, current=current)

    return ReferenceListPageForm
