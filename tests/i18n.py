"""English left on a Kazakh or Russian screen: the words of an admin's or a site's furniture that give it away.

A screen in kk or ru may hold Latin letters for good reasons (a URL, an e-mail address, PDF, CSV, IIN codes,
"Wagtail", an English appeal in the operator's queue). What it may not hold is the interface's own English:
buttons, headings, labels, messages. So the check looks for those words, not for every Latin letter, and a
journey passes the screen's data (an applicant's English text) as `data` to leave it out.
"""

import re

# The words of Wagtail's, Django's and our own interface that a translated screen replaces.
INTERFACE_WORDS = frozenset(
    """
    about account actions active actor add added all and answer answered appeal appeals apply approve approved
    back body cancel change channel choose clear close closed collection comment comments confirm content
    continue create created dashboard date delete description details document documents download draft
    edit editor error errors export field file filter filters first from help history home image images
    import in items language last latest live loading log logout menu message messages more name new next
    none not of open or page pages password phone preview previous private publish published queue recent
    register registry rejected reports request required reset review save search select send service
    services settings show sign site sort start state status submit submitted the this title to today
    timestamp representation translations true false maximum filesize type unpublished update updated upload
    user username users view
    welcome with workflow workflows yes your
    """.split()
)
# Latin-script words a Kazakh screen legitimately carries (names, formats, codes, the keys as printed on the
# keyboard and the browser whose shortcuts differ).
ALLOWED = frozenset(
    {"wagtail", "pdf", "csv", "xlsx", "iin", "bin", "ucc", "egov", "gov", "kz", "api", "ok", "alt", "shift", "firefox"}
)

_URL_OR_MAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|/\S*|\S+\.(?:csv|xlsx|pdf|wav)\b")  # and file names
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, data=()) -> list[str]:
    """The interface words of English in `text`, after removing the screen's own data strings."""
    for value in data:
        text = text.replace(value, " ")
    text = _URL_OR_MAIL.sub(" ", text)
    found = []
    for word in _LATIN_WORD.findall(text):
        lower = word.lower()
        if lower in INTERFACE_WORDS and lower not in ALLOWED:
            found.append(word)
    return found


def assert_no_english(text: str, data=()) -> None:
    found = english_words(text, data)
    assert not found, f"English interface words on a translated screen: {sorted(set(found))}\n---\n{text[:2000]}"


# The screen without its table cells: what the interface says, not what the records hold (read as shown,
# so hidden templates and scripts do not count).
INTERFACE_TEXT_JS = """() => {
    const hide = document.createElement('style');
    hide.textContent = 'td, textarea, select, input, [data-personal], .appeal-content { display: none !important; }';
    document.head.appendChild(hide);
    const text = (document.querySelector('main') || document.body).innerText;
    hide.remove();
    return text;
}"""


def interface_text(page) -> str:
    return page.evaluate(INTERFACE_TEXT_JS)
