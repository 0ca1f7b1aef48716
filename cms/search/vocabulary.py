"""The index's vocabulary: which terms exist, and the nearest existing term to one that does not.

Corrections are looked for in the vocabulary rather than in the documents: the vocabulary is small, and a
correction that is not in it would find nothing anyway. On PostgreSQL pg_trgm's trigram index adds
candidates; the final choice (smallest edit distance) is made here, the same way on every backend.
"""

from django.db import connection
from django.db.models.functions import Length

from . import kazakh
from .models import SearchTerm

MAX_CANDIDATES = 2000


class Vocabulary:
    """Look-ups for one query; each asks the database once."""

    def known(self, terms):
        terms = [term for term in set(terms) if term]
        if not terms:
            return set()
        return set(SearchTerm.objects.filter(term__in=terms).values_list("term", flat=True))

    def by_folded(self, terms):
        """Terms that differ from `terms` only in Kazakh letters typed as Russian ones (кужат → құжат)."""
        folded = {kazakh.fold(term) for term in terms if term}
        if not folded:
            return set()
        return set(SearchTerm.objects.filter(folded__in=folded).values_list("term", flat=True))

    def nearest(self, term):
        """The existing terms nearest to a misspelt `term` (edit distance 1, or 2 for longer words)."""
        if len(term) < 4 or not term.isalpha():
            return set()
        allowed = 1 if len(term) < 7 else 2
        folded = kazakh.fold(term)
        best, found = allowed + 1, set()
        for candidate in self._candidates(term, folded, allowed):
            distance = edit_distance(folded, kazakh.fold(candidate))
            if distance < best:
                best, found = distance, {candidate}
            elif distance == best:
                found.add(candidate)
        return found

    def _candidates(self, term, folded, allowed):
        lengths = range(len(term) - allowed, len(term) + allowed + 1)
        same_start = (
            SearchTerm.objects.filter(folded__startswith=folded[0])
            .annotate(length=Length("term"))
            .filter(length__range=(lengths.start, lengths.stop - 1))
        )
        candidates = set(same_start.values_list("term", flat=True)[:MAX_CANDIDATES])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT term FROM search_searchterm WHERE term %% %s ORDER BY similarity(term, %s) DESC LIMIT 50",
                    [term, term],
                )
                candidates.update(row[0] for row in cursor.fetchall())
        return candidates


def edit_distance(a, b):
    """Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters is one typo."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
