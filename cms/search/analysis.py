"""Text analysis shared by indexing and querying, on every backend: the same text gives the same terms on
SQLite, PostgreSQL and (documented) OpenSearch, because the terms are made here, in Python.

- Normalisation: Unicode NFC, lower case, ё → е; in a word mixing scripts, Latin look-alikes become Cyrillic
  (Kazakh typists often type Latin i for і).
- Kazakh letters (ә ғ қ ң ө ұ ү һ і) are kept: құжат and кужат are different terms in the index. The query
  side finds құжат for кужат through the vocabulary's folded form (see query.py).
- Stemming: Kazakh words with the Kazakh stemmer (kazakh.py); Russian words with Snowball "russian" (the
  algorithm PostgreSQL's `russian` configuration runs); Latin words with Snowball "english".
  A Cyrillic word without Kazakh letters is Kazakh in a Kazakh document and Russian in a Russian one; a query
  does not know its language, so it asks for both stems.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from . import kazakh

TOKEN = re.compile(r"[^\W_]+")
MAX_TOKEN_LENGTH = 40
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
LOOKALIKES = str.maketrans("aceiopxykmh", "асеіорхукмһ")
LATIN_TO_CYRILLIC = str.maketrans("qwertyuiop[]asdfghjkl;'zxcvbnm,.`", "йцукенгшщзхъфывапролджэячсмитьбюё")
CYRILLIC_TO_LATIN = str.maketrans("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`")

STOPWORDS = frozenset(
    # Russian
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот "
    "от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять "
    "уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без "
    "будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один "
    "почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после "
    "над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед "
    "иногда лучше чуть том нельзя такой им более всегда конечно всю между это как каких какие "
    # Kazakh (and the case endings people write after a hyphen: ХҚКО-ға)
    "және мен бен пен да де та те үшін бойынша туралы немесе бұл осы ол не қалай қандай қашан қайда ма ме ба "
    "бе па пе ғой ғана әр сол мұнда керек болады бар ал біз сіз сен мен ға ге қа ке ны ні ды ді ты ті дан ден "
    "нан нен тан тен ның нің дың дің тың тің нда нде "
    # English
    "a an the and or of to in on for with by at from is are be as it this that how what do i my can".split()
)

_russian = snowballstemmer.stemmer("russian")
_english = snowballstemmer.stemmer("english")


def normalize(text):
    return unicodedata.normalize("NFC", text).lower().replace("ё", "е")


def has_cyrillic(token):
    return any("\u0400" <= char <= "\u04ff" for char in token)


def has_latin(token):
    return any("a" <= char <= "z" for char in token)


def has_kazakh_letters(token):
    return not KAZAKH_LETTERS.isdisjoint(token)


def tokens(text):
    """The words of `text`, normalised; words longer than 40 letters are noise (hashes, run-on text)."""
    return [_word(word) for word in TOKEN.findall(normalize(text)) if len(word) <= MAX_TOKEN_LENGTH]


@lru_cache(maxsize=500_000)
def _word(word):
    if has_cyrillic(word) and has_latin(word):
        return word.translate(LOOKALIKES)
    return word


@lru_cache(maxsize=200_000)
def russian_stem(word):
    return _russian.stemWord(word)


@lru_cache(maxsize=200_000)
def english_stem(word):
    return _english.stemWord(word)


@lru_cache(maxsize=500_000)
def stem(word, language):
    """The index term of one normalised word of a document in `language` (kk, ru or en)."""
    if word.isdigit() or not word.isalpha():
        return word
    if not has_cyrillic(word):
        return english_stem(word)
    if language == "kk" or has_kazakh_letters(word):
        return kazakh.stem(word)
    return russian_stem(word)


def index_terms(text, language):
    """The terms a document's text is indexed under, stop words left out, space separated."""
    return " ".join(stem(word, language) for word in tokens(text) if word not in STOPWORDS)


def query_terms(word):
    """Every term a query word may be indexed under: its Kazakh and Russian stems (a query has no language)."""
    if word.isdigit() or not word.isalpha():
        return frozenset([word])
    if not has_cyrillic(word):
        return frozenset([english_stem(word)])
    if has_kazakh_letters(word):
        return frozenset([kazakh.stem(word)])
    return frozenset([kazakh.stem(word), russian_stem(word)])


def swap_layout(word):
    """The word as it was meant, when typed with the wrong keyboard layout (gfcgjhn → паспорт, and back)."""
    if has_cyrillic(word):
        return word.translate(CYRILLIC_TO_LATIN)
    return word.translate(LATIN_TO_CYRILLIC)
