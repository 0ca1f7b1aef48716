"""Reading a query: words → terms, with synonyms, Kazakh letters, keyboard layout and typos taken care of.

A query becomes a list of clauses that must all match (or, when that finds nothing, any of them). A clause
is a choice of alternatives; an alternative is a sequence of words that must all be present, and each word
is a set of terms any of which will do. So "ЭЦП алу" reads as
  ({эцп} | {эцқ} | {ed} | {электрон}&{цифров}&{подпис}) & ({алу})
User input never reaches a query language: only terms made by analysis.py (letters and digits) do.
"""

from dataclasses import dataclass, field
from itertools import chain

from django.core.cache import cache

from . import analysis, kazakh
from .models import SynonymGroup
from .vocabulary import Vocabulary

MAX_QUERY_CHARACTERS = 500
MAX_WORDS = 12


@dataclass(frozen=True)
class Query:
    text: str
    clauses: tuple = ()  # tuple[tuple[tuple[frozenset[str], ...], ...], ...]
    numbers: tuple = ()  # digit words that may be a register number
    corrections: dict = field(default_factory=dict)  # word → the word searched for instead

    @property
    def is_empty(self):
        return not self.clauses

    def terms(self):
        """Every term the query may match (for highlighting)."""
        return {term for clause in self.clauses for alternative in clause for word in alternative for term in word}


def parse(text, vocabulary=None):
    """The Query for what a user typed, whatever it is (quotes, operators, SQL, emoji, 10 kB of text)."""
    text = (text or "")[:MAX_QUERY_CHARACTERS]
    words = analysis.tokens(text)
    meaningful = [word for word in words if word not in analysis.STOPWORDS]
    words = (meaningful or words)[:MAX_WORDS]
    if not words:
        return Query(text=text)
    vocabulary = vocabulary or Vocabulary()
    corrections = {}
    if text.isascii():
        # The whole query typed on the wrong layout, punctuation keys included (gjcj,bt → пособие).
        swapped = analysis.tokens(analysis.normalize(text).translate(analysis.LATIN_TO_CYRILLIC))[:MAX_WORDS]
        if swapped and _known_words(swapped, vocabulary) > _known_words(words, vocabulary):
            corrections = {" ".join(words): " ".join(swapped)}
            words = swapped
    clauses, word_corrections = _read(words, vocabulary)
    corrections.update(word_corrections)
    numbers = tuple(word for word in words if word.isdigit() and 3 <= len(word) <= 16)
    return Query(text=text, clauses=tuple(clauses), numbers=numbers, corrections=corrections)


def _read(words, vocabulary):
    options = [analysis.query_terms(word) for word in words]
    known = vocabulary.known(chain.from_iterable(options))
    clauses, corrections, position = [], {}, 0
    groups = _synonym_groups()
    while position < len(words):
        synonym = _synonym_at(options, position, groups)
        if synonym:
            clause, length = synonym
            clauses.append(clause)
            position += length
            continue
        terms = options[position]
        if not terms & known:
            corrected, replacement = _correct(words[position], terms, vocabulary)
            if corrected:
                terms = corrected
                corrections[words[position]] = replacement
        clauses.append(((terms,),))
        position += 1
    return clauses, corrections


def _known_words(words, vocabulary):
    options = [analysis.query_terms(word) for word in words if word not in analysis.STOPWORDS]
    known = vocabulary.known(chain.from_iterable(options))
    return sum(1 for terms in options if terms & known)


def _correct(word, terms, vocabulary):
    """Terms to search for a word the index does not know: (terms, what to show the user) or (None, None)."""
    if analysis.has_cyrillic(word) and not analysis.has_kazakh_letters(word):
        folded_stems = {*terms, kazakh.stem(word, folded=True)}
        found = vocabulary.by_folded(folded_stems)
        if found:
            return frozenset(found), min(found)
    swapped = analysis.swap_layout(word)
    if swapped.isalpha():
        swapped_terms = analysis.query_terms(swapped)
        found = vocabulary.known(swapped_terms) or vocabulary.by_folded(swapped_terms)
        if found:
            return frozenset(found), swapped
    found = set().union(*(vocabulary.nearest(term) for term in terms))
    if found:
        return frozenset(found), min(found)
    return None, None


SYNONYMS_CACHE_KEY = "ucc:search:synonyms"


def _synonym_groups():
    """Each group as a list of phrases, each phrase a list of word term-sets (read from the admin's list;
    kept in the cache until a group is saved or deleted: see receivers.py)."""
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        groups = _read_synonym_groups()
        cache.set(SYNONYMS_CACHE_KEY, groups, 3600)
    return groups


def _read_synonym_groups():
    groups = []
    for group in SynonymGroup.objects.all():
        phrases = []
        for phrase in group.term_list():
            words = analysis.tokens(phrase)
            if words:
                phrases.append(tuple(analysis.query_terms(word) for word in words))
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


def _synonym_at(options, position, groups):
    """The clause for a synonym phrase starting at `position` (longest phrase first), and its length."""
    best = None
    for phrases in groups:
        for phrase in phrases:
            end = position + len(phrase)
            if end > len(options) or (best and len(phrase) <= best[1]):
                continue
            if all(options[position + i] & phrase[i] for i in range(len(phrase))):
                best = (tuple(phrases), len(phrase))
    return best
