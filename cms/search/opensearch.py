"""OpenSearch: the documented scale-out option (not needed to run, not run by the tests).

When one PostgreSQL no longer answers fast enough, the same documents can be sent to an OpenSearch cluster.
The analysers stay the same by construction: OpenSearch receives the terms analysis.py made (the Kazakh
stemmer, Snowball russian/english, ё/е folding), in `title_terms` and `body_terms`, and only splits them on
whitespace; so an OpenSearch result set equals the PostgreSQL one on the recall set. The raw title and body
are kept beside them for highlighting, and an edge n-gram field on the folded title serves as-you-type.

    PUT /ucc-search   (body: INDEX_SETTINGS)
    PUT /ucc-search/_doc/<document id>   (body: document_body(document))
    query: query_body(query, filters) — the same clauses as the SQL backends

Typo tolerance there comes from `fuzziness` on the term fields; the vocabulary corrections of query.py
(Kazakh letters, keyboard layout) are applied before the query is sent, as on the other backends.
"""

INDEX_SETTINGS = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 1,
        "analysis": {
            "char_filter": {
                "yo": {"type": "mapping", "mappings": ["ё => е", "Ё => Е"]},
                "kazakh_fold": {
                    "type": "mapping",
                    "mappings": [
                        "ә => а",
                        "ғ => г",
                        "қ => к",
                        "ң => н",
                        "ө => о",
                        "ұ => у",
                        "ү => у",
                        "һ => х",
                        "і => и",
                    ],
                },
            },
            "analyzer": {
                # terms already analysed in Python: split on spaces only
                "ucc_terms": {"type": "custom", "tokenizer": "whitespace"},
                # raw text for highlighting: Kazakh letters kept, ё folded
                "ucc_text": {"type": "custom", "tokenizer": "standard", "char_filter": ["yo"], "filter": ["lowercase"]},
                "ucc_folded_prefix": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["yo", "kazakh_fold"],
                    "filter": ["lowercase", "ucc_edge"],
                },
            },
            "filter": {"ucc_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}},
        },
    },
    "mappings": {
        "properties": {
            "title_terms": {"type": "text", "analyzer": "ucc_terms", "similarity": "BM25"},
            "body_terms": {"type": "text", "analyzer": "ucc_terms", "similarity": "BM25"},
            "title": {
                "type": "text",
                "analyzer": "ucc_text",
                "fields": {"prefix": {"type": "text", "analyzer": "ucc_folded_prefix", "search_analyzer": "ucc_text"}},
            },
            "body_text": {"type": "text", "analyzer": "ucc_text"},
            "register_numbers": {"type": "keyword"},
            "language": {"type": "keyword"},
            "is_public": {"type": "boolean"},
            "kind": {"type": "keyword"},
            "topic": {"type": "keyword"},
            "audience": {"type": "keyword"},
            "services": {"type": "keyword"},
            "url": {"type": "keyword", "index": False},
        }
    },
}


def document_body(document):
    return {
        "title_terms": document.title_terms,
        "body_terms": document.body_terms,
        "title": document.title,
        "body_text": document.body_text,
        "register_numbers": document.register_numbers.split(),
        "language": document.language,
        "is_public": document.is_public,
        "kind": document.kind,
        "topic": document.topic,
        "audience": document.audience,
        "services": [str(pk) for pk in document.services.values_list("pk", flat=True)],
        "url": document.url,
    }


def query_body(query, filters, *, any_clause=False, size=10, offset=0):
    """The OpenSearch query for a parsed Query: title terms weigh 10, body 1; an exact number first."""

    def word(terms):
        return {
            "bool": {
                "should": [
                    {"terms": {"title_terms": sorted(terms), "boost": 10}},
                    {"terms": {"body_terms": sorted(terms)}},
                ]
            }
        }

    def clause(alternatives):
        return {"bool": {"should": [{"bool": {"must": [word(t) for t in words]}} for words in alternatives]}}

    clauses = [clause(c) for c in query.clauses]
    match = {"bool": {"should": clauses, "minimum_should_match": 1}} if any_clause else {"bool": {"must": clauses}}
    filter_ = [{"term": {"is_public": True}}] if filters.public_only else []
    for name in ("language", "kind", "topic", "audience"):
        if getattr(filters, name):
            filter_.append({"term": {name: getattr(filters, name)}})
    if filters.service_id:
        filter_.append({"term": {"services": str(filters.service_id)}})
    should = [{"terms": {"register_numbers": list(query.numbers), "boost": 1000}}] if query.numbers else []
    return {
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "query": {"bool": {"must": [match], "filter": filter_, "should": should}},
        "highlight": {"fields": {"title": {}, "body_text": {"fragment_size": 200, "number_of_fragments": 1}}},
    }
