"""A light suffix-stripping stemmer for Kazakh nouns (and verbal nouns), written from the published rules of
Kazakh morphology, because no Snowball stemmer exists for Kazakh.

A Kazakh noun takes its endings in a fixed order: stem + plural + possessive + case
(мектеп·тер·іміз·де, "in our schools"). Each ending has variants chosen by vowel harmony (back а/ы or
front е/і) and by the sound it follows (лар/дар/тар). The stemmer takes off at most one case ending, then at
most one possessive ending, then at most one plural ending, longest first, and only when:

- what is left keeps a vowel and at least two letters (four, for a one-letter ending such as -ы or -н and for
  the n-forms -нда/-ндағы/-нан: орын·дағы is not оры·ндағы),
- the ending agrees in vowel harmony with the last vowel of what is left (a back ending after a back vowel;
  the instrumental -мен/-бен/-пен has no back variant),
- the ending agrees with the sound before it: the т/қ/к/п variants (-та, -қа, -ке, -тар, -пен ...) follow a
  voiceless consonant only, the д/ғ/г/б variants never do (мектеп·ке, but жеке is not же·ке: after a vowel
  the dative is -ге),
- the one-letter endings appear where the grammar puts them: dative -а/-е only after a 1st/2nd person
  possessive (үйім·е), accusative -н only after a 3rd person possessive (кітабы·н).

A stem still ending in -ы/-і loses it (a lexicalised possessive: жәрдемақы, отбасы), so that
жәрдемақы, жәрдемақылар and жәрдемақысын meet. Finally the voiced consonant that a vowel-initial ending
brings out is put back (кітаб·ы → кітап, мектеб·і → мектеп, аяғ·ы → аяқ); the same is done to every stem, so
the dictionary form and the inflected forms meet. Derivational endings (-лық, -шы, ...) are kept: куәлік is not куә.

`stem(word, folded=True)` also strips the endings as they are typed on a Russian keyboard, without the
Kazakh letters (-имиз for -іміз, -нин for -нің): used at query time for queries typed without them.
"""

from functools import lru_cache

VOWELS = set("аәеёиоөуұүыіэюя")
BACK_VOWELS = set("аоұы")
FRONT_VOWELS = set("әеөүіэ")

# Case endings (the n-forms follow a 3rd person possessive).
CASE = (
    # locative-attributive ("in the ..."), ablative, locative, genitive, accusative, dative, instrumental
    "ндағы ндегі дағы дегі тағы тегі "
    "менен бенен пенен "
    "нан нен дан ден тан тен "
    "нда нде да де та те "
    "ның нің дың дің тың тің "
    "ны ні ды ді ты ті "
    "на не ға ге қа ке "
    "мен бен пен"
).split()
INSTRUMENTAL = ("мен", "бен", "пен", "менен", "бенен", "пенен")
# After a 1st/2nd person singular possessive only: үйім·е, кітабың·а.
CASE_AFTER_PERSONAL_POSSESSIVE = ("а", "е")
# After a 3rd person possessive only: кітабы·н, мектебі·н.
CASE_AFTER_THIRD_POSSESSIVE = ("н",)

POSSESSIVE = ("ыңыздар іңіздер ыңдар іңдер ыңыз іңіз ымыз іміз ңыз ңіз мыз міз сы сі ым ім ың ің ы і м ң").split()

THIRD_POSSESSIVE = ("сы", "сі", "ы", "і")

PLURAL = "лар лер дар дер тар тер".split()

VOICELESS = set("кқпстфхцчшщ")
VOICELESS_ENDING_STARTS = set("тқкп")
VOICED_ENDING_STARTS = set("дғгб")

FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
# A voiced consonant before a vowel-initial ending is voiceless at the end of the stem.
DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


def fold(text):
    """The Kazakh letters replaced by the Russian letters people type for them (құжат → кужат)."""
    return text.translate(FOLD)


def _longest_first(suffixes):
    return tuple(sorted(set(suffixes), key=len, reverse=True))


def _with_folded(suffixes):
    return _longest_first([*suffixes, *(fold(s) for s in suffixes)])


_TABLES = {
    False: tuple(_longest_first(group) for group in (CASE, POSSESSIVE, PLURAL)),
    True: tuple(_with_folded(group) for group in (CASE, POSSESSIVE, PLURAL)),
}


def _last_vowel(text):
    for char in reversed(text):
        if char in VOWELS:
            return char
    return ""


def _harmony_agrees(rest, suffix):
    """A back ending follows a back vowel, a front ending a front vowel; и, у, ю, я go with either."""
    suffix_vowel = _last_vowel(suffix)
    stem_vowel = _last_vowel(rest)
    if suffix_vowel in BACK_VOWELS and stem_vowel in FRONT_VOWELS:
        return False
    if suffix_vowel in FRONT_VOWELS and stem_vowel in BACK_VOWELS:
        return False
    return True


def _consonant_agrees(rest, suffix):
    """-қа after a voiceless consonant (кітап·қа), -ға after a vowel or a voiced one (бала·ға, үй·ге)."""
    if suffix[0] in VOICELESS_ENDING_STARTS:
        return rest[-1] in VOICELESS
    if suffix[0] in VOICED_ENDING_STARTS:
        return rest[-1] not in VOICELESS
    return True


def _shortest_rest(rest, suffix):
    """Short endings (-ы, -н, the n-forms after a possessive) are taken off long words only: орын·дағы is
    not оры·ндағы. A stem ending in б/г/ғ shows the alternation, so аяғ·ы is allowed."""
    if len(suffix) == 1:
        return 3 if rest[-1:] in DEVOICE else 4
    if suffix[0] in "нn":
        return 4
    return 2


def _may_strip(word, suffix):
    rest = word[: -len(suffix)]
    if not word.endswith(suffix) or not any(char in VOWELS for char in rest):
        return False
    if len(rest) < _shortest_rest(rest, suffix):
        return False
    if not _consonant_agrees(rest, suffix):
        return False
    # The instrumental has no back-vowel variant: құжат·пен, бала·мен.
    return suffix in INSTRUMENTAL or _harmony_agrees(rest, suffix)


def _strip_case(word, table):
    for suffix in table:
        if _may_strip(word, suffix):
            return word[: -len(suffix)]
    for suffix in CASE_AFTER_PERSONAL_POSSESSIVE:
        if _may_strip(word, suffix) and word[: -len(suffix)][-2:] in ("ым", "ім", "ың", "ің", "им", "ин", "ын"):
            return word[: -len(suffix)]
    for suffix in CASE_AFTER_THIRD_POSSESSIVE:
        if _may_strip(word, suffix) and word[-2] in "ыіи":
            return word[: -len(suffix)]
    return word


def _strip_one(word, table):
    for suffix in table:
        if _may_strip(word, suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=200_000)
def stem(word, folded=False):
    """The stem of a lower-case Kazakh word (ё already folded to е); other words come back unchanged."""
    if len(word) < 4 or not word.isalpha():
        return word
    case, possessive, plural = _TABLES[folded]
    result = _strip_case(word, case)
    result = _strip_one(result, possessive)
    result = _strip_one(result, plural)
    if result[-1] in "ыіи":
        # A noun ending in a lexicalised possessive (жәрдемақы, отбасы) meets its plural and possessive forms.
        result = _strip_one(result, THIRD_POSSESSIVE)
    if result[-1] in DEVOICE:
        result = result[:-1] + DEVOICE[result[-1]]
    return result
