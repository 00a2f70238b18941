"""Product search: Vietnamese with or without tone marks, raw Telex, one-letter typos, filters and facets.

Text is matched on the folded columns (core.text.fold, kept by catalog.services) through a full-text
index: FTS5 on SQLite, a tsvector GIN index plus pg_trgm on PostgreSQL (migration 0003). A query runs
in phases, stopping at the first that finds something: every word (the last one as a prefix); then,
only when no product at all matches every word (filters aside: a filter that leaves nothing of an exact
match shows nothing, never look-alikes), the fallbacks: every word allowing one-letter typos, then any
word, each first in the names, then anywhere. A fallback's result says so (`approximate`) and keeps only
its FUZZY_LIMIT most relevant products, so a typo never lists half the catalog; the facets count the
products listed. Ranking: the name matching the query (a match in the description or the shop's name
never outranks it, whatever the sort), then the query's own tone marks found in the name, query words
found in the name, the whole phrase in the name, OCOP stars, in stock.
"""

import hashlib
import json
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from hangviet.catalog import telex
from hangviet.catalog.models import Category, Product
from hangviet.catalog.queries import category_with_descendants, public_products
from hangviet.catalog.versions import listing_version
from hangviet.core.models import Province
from hangviet.core.text import fold

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
MAX_PAGE_SIZE = 100
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_VARIANTS = 12  # typo spellings tried per query word
FUZZY_LIMIT = 24  # the most relevant products a fallback (typos, any word) lists: one page, never a flood
VOCABULARY_TTL = 300.0  # seconds; the cache is also renewed whenever a product is added

_WORD = re.compile(r"[^\W_]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_FTS_TABLE = "catalog_product_fts"
# A stored generated column with a GIN index (migration 0004): the index recheck reads it, never
# recomputing to_tsvector() per matching row.
_PG_TSV = "catalog_product.search_vector"
_PG_NAME_TSV = "to_tsvector('simple'::regconfig, catalog_product.name_folded)"


@dataclass
class SearchParams:
    q: str = ""
    category: str | None = None  # category slug; matches the category and its descendants
    min_stars: int | None = None
    province: str | None = None  # province code
    commune: str | None = None  # commune code
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool | None = None
    seller_kind: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 24


@dataclass
class SearchResult:
    count: int
    items: list[Product]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 24
    from_cache: bool = False  # the count, ids and facets came from the cache (the X-Cache header)
    approximate: bool = False  # no product matches every word: these are look-alikes (typos, any word)


# --- Reading the query ---------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    """The folded words of each reading of the query (as typed; decoded from Telex) and its marked words."""

    readings: list[list[str]]
    marked: list[str]  # lower-case words that carry Vietnamese marks, from the query or its Telex reading
    own_marked: list[str]  # those typed by the user (not decoded)

    @property
    def terms(self) -> list[str]:
        """Every distinct folded word of every reading."""
        return list(dict.fromkeys(t for reading in self.readings for t in reading))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())[:MAX_TERMS]


def _folded_words(words: list[str]) -> list[str]:
    return [t for w in words for t in _WORD.findall(fold(w))][:MAX_TERMS]


def _joined(reading: list[str]) -> list[str]:
    """The reading with a word of letters and the number after it written as one ("gao st 25" → "gao
    st25"): the index keeps a code like ST25 or 3C as one word."""
    joined: list[str] = []
    for word in reading:
        if joined and word.isdigit() and joined[-1].isalpha() and len(joined[-1]) <= 3:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def parse_query(q: str) -> ParsedQuery:
    q = (q or "")[:MAX_QUERY_CHARS]
    words = _words(q)
    own_marked = [w for w in words if fold(w) != w]
    readings = [_folded_words(words)] if words else []
    if readings and (joined := _joined(readings[0])) != readings[0]:
        readings.append(joined)
    marked = list(own_marked)
    decoded = telex.decode(q)
    if decoded:
        decoded_words = _words(decoded)
        reading = _folded_words(decoded_words)
        if reading and reading not in readings:
            readings.append(reading)
        marked += [w for w in decoded_words if fold(w) != w and w not in marked]
    return ParsedQuery([r for r in readings if r], marked, own_marked)


# --- Typos: a vocabulary of indexed name words, edit distance 1 ---------------------------------

_vocabulary_lock = threading.Lock()
_vocabulary: dict[tuple[str, str], tuple[float, int, dict[str, int]]] = {}


def clear_vocabulary_cache() -> None:
    with _vocabulary_lock:
        _vocabulary.clear()


def _load_vocabulary() -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT term, doc FROM {_FTS_TABLE}_vocab WHERE col = 'name_folded'")  # noqa: S608
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple''::regconfig, name_folded) "
                "FROM catalog_product WHERE status = ''active''')"
            )
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            return {}
        return {word: count for word, count in cursor.fetchall()}


def vocabulary() -> dict[str, int]:
    """Folded words of product names with how many products use them; cached, renewed on new products."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM catalog_product")
        newest = cursor.fetchone()[0] or 0
    key = (connection.alias, connection.settings_dict.get("NAME") or "")
    cached = _vocabulary.get(key)
    if cached and cached[1] == newest and time.monotonic() - cached[0] < VOCABULARY_TTL:
        return cached[2]
    words = _load_vocabulary()
    with _vocabulary_lock:
        _vocabulary[key] = (time.monotonic(), newest, words)
    return words


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | transposes | replaces | inserts


def typo_variants(term: str, vocab: dict[str, int]) -> list[str]:
    """Indexed words one edit (or one swap) away from `term`, the most used first."""
    if len(term) < 3 or term.isdigit():
        return []
    found = [w for w in _edits1(term) if w in vocab and w != term and len(w) >= 2]
    found.sort(key=lambda w: (-vocab[w], w))
    return found[:MAX_VARIANTS]


# --- Full-text conditions per engine --------------------------------------------------------------

Group = list[str]  # a word and the spellings accepted in its place; the first one is what was typed


def _sqlite_group(group: Group, prefix: bool) -> str:
    first = f'"{group[0]}"' + ("*" if prefix else "")
    if len(group) == 1:
        return first
    return "(" + " OR ".join([first, *(f'"{w}"' for w in group[1:])]) + ")"


def _pg_group(group: Group, prefix: bool) -> str:
    first = f"'{group[0]}'" + (":*" if prefix else "")
    if len(group) == 1:
        return first
    return "(" + " | ".join([first, *(f"'{w}'" for w in group[1:])]) + ")"


def _match_expression(readings: list[list[Group]], *, any_word: bool, vendor: str) -> str:
    """One full-text query: every word of a reading (or any word), readings joined by OR."""
    render, and_, or_ = (_sqlite_group, " AND ", " OR ") if vendor == "sqlite" else (_pg_group, " & ", " | ")
    clauses = []
    for reading in readings:
        parts = [render(g, i == len(reading) - 1) for i, g in enumerate(reading)]
        clauses.append("(" + (or_ if any_word else and_).join(parts) + ")")
    return or_.join(dict.fromkeys(clauses))


def _text_condition(
    readings: list[list[Group]], *, any_word: bool = False, name_only: bool = False, fuzzy: bool = False
) -> Q | RawSQL:
    """A filter keeping the products whose folded text matches.

    The SQL text holds only constants; query words (letters and digits only, see _WORD) are parameters.
    """
    vendor = connection.vendor
    expression = _match_expression(readings, any_word=any_word, vendor=vendor)
    if vendor == "sqlite":
        if name_only:
            expression = f"name_folded : ({expression})"
        sql = f"SELECT rowid FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s"  # noqa: S608
        return Q(id__in=RawSQL(sql, [expression]))  # noqa: S611
    sql = f"{_PG_TSV} @@ to_tsquery('simple'::regconfig, %s)"
    params: list[Any] = [expression]
    if name_only:
        sql += f" AND {_PG_NAME_TSV} @@ to_tsquery('simple'::regconfig, %s)"
        params.append(expression)
    if fuzzy:
        # pg_trgm word similarity on the unaccented name (GIN index) for words that have no indexed
        # spelling one edit away (it is slow on common trigrams, so only as the last resort).
        words = [g[0] for reading in readings for g in reading if len(g) == 1 and len(g[0]) >= 4]
        for word in dict.fromkeys(words):
            sql = f"({sql}) OR %s <%% hangviet_fold(catalog_product.name)"
            params.append(word)
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


# --- Ranking --------------------------------------------------------------------------------------


def _like_any(column: str, patterns: list[str]) -> tuple[str, list[str]]:
    return "(" + " OR ".join(f"{column} LIKE %s" for _ in patterns) + ")", patterns


def _score(conditions: list[tuple[str, list[str]]]) -> RawSQL | None:
    """How many of the conditions hold (None when there are none: a constant would not sort)."""
    if not conditions:
        return None
    sql = " + ".join(f"(CASE WHEN {c} THEN 1 ELSE 0 END)" for c, _ in conditions)
    params = [p for _, ps in conditions for p in ps]
    return RawSQL(f"({sql})", params, output_field=IntegerField())  # noqa: S611 - values are parameters


def _tone_score(marked: list[str]) -> RawSQL | None:
    """How many of the query's marked words the (unfolded) name spells exactly so, in any case."""
    conditions = []
    for word in dict.fromkeys(marked):
        spellings = {s for w in telex.tone_placements(word) for s in (w, w.capitalize(), w.upper())}
        patterns = [f"%{s}%" for s in sorted(spellings)]
        conditions.append(_like_any("catalog_product.name", patterns))
    return _score(conditions)


def _word_score(terms: list[str]) -> RawSQL | None:
    """How many query words begin a word of the folded name."""
    column = "(' ' || catalog_product.name_folded)"
    return _score([_like_any(column, [f"% {t}%"]) for t in terms])


def _phrase_score(readings: list[list[str]]) -> RawSQL | None:
    """The whole phrase in the name (1), and once more when the name begins with it (2): "Mật hoa dừa
    nguyên chất" is the thing asked for, "Rượu mật hoa dừa" is made from it."""
    phrases = [" ".join(r) for r in readings if len(r) > 1]
    if not phrases:
        return None
    return _score(
        [
            _like_any("(' ' || catalog_product.name_folded)", [f"% {p}%" for p in phrases]),
            _like_any("catalog_product.name_folded", [f"{p}%" for p in phrases]),
        ]
    )


# --- Filters and facets ---------------------------------------------------------------------------


def _filtered(params: SearchParams) -> QuerySet[Product]:
    qs = public_products()
    if params.category:
        category = Category.objects.filter(slug=params.category).first()
        if category is None:
            return qs.none()
        qs = qs.filter(category_id__in=category_with_descendants(category))
    if params.min_stars:
        qs = qs.filter(ocop_stars__gte=params.min_stars)
    # The place columns hold the origin commune (and its province), else the seller's (migration 0004).
    if params.province:
        qs = qs.filter(place_province_code=params.province)
    if params.commune:
        qs = qs.filter(place_commune_code=params.commune)
    if params.price_min is not None:
        qs = qs.filter(price_vnd__gte=params.price_min)
    if params.price_max is not None:
        qs = qs.filter(price_vnd__lte=params.price_max)
    if params.in_stock is True:
        qs = qs.filter(stock__gt=0)
    elif params.in_stock is False:
        qs = qs.filter(stock=0)
    if params.seller_kind:
        qs = qs.filter(seller__kind=params.seller_kind)
    return qs


Groups = list[tuple[int, int, str, int]]  # (category id, OCOP stars, province code, products)


def _groups(qs: QuerySet[Product]) -> Groups:
    """The matches counted per (category, stars, province): the total and every facet in one pass."""
    return list(
        qs.order_by()
        .values_list("category_id", "ocop_stars", "place_province_code")
        .annotate(n=Count("id"))
        .values_list("category_id", "ocop_stars", "place_province_code", "n")
    )


def _category_facet(counts: dict[int, int], params: SearchParams) -> list[dict[str, Any]]:
    """Counts per top-level group, or per child of the chosen category."""
    if not counts:
        return []
    tree = {
        c["id"]: c for c in Category.objects.values("id", "parent_id", "slug", "name", "position", "code")
    }
    chosen = next((c["id"] for c in tree.values() if c["slug"] == params.category), None)
    totals: dict[int, int] = {}
    for category_id, n in counts.items():
        node, path = category_id, [category_id]
        while tree[node]["parent_id"] is not None and node != chosen:
            node = tree[node]["parent_id"]
            path.append(node)
        path.reverse()  # root first
        if chosen is None:
            bucket = path[0]
        elif chosen in path and path.index(chosen) + 1 < len(path):
            bucket = path[path.index(chosen) + 1]
        else:
            continue
        totals[bucket] = totals.get(bucket, 0) + n
    ordered = sorted(totals, key=lambda pk: (tree[pk]["position"], tree[pk]["code"]))
    return [{"slug": tree[pk]["slug"], "name": tree[pk]["name"], "count": totals[pk]} for pk in ordered]


def _facets(groups: Groups, params: SearchParams) -> dict[str, list[dict[str, Any]]]:
    by_category: dict[int, int] = {}
    by_stars: dict[int, int] = {}
    by_province: dict[str, int] = {}
    for category_id, stars, province, n in groups:
        by_category[category_id] = by_category.get(category_id, 0) + n
        by_stars[stars] = by_stars.get(stars, 0) + n
        by_province[province] = by_province.get(province, 0) + n
    names = dict(Province.objects.filter(code__in=by_province).values_list("code", "name"))
    provinces = sorted(by_province, key=lambda code: (-by_province[code], names.get(code, code)))
    return {
        "category": _category_facet(by_category, params),
        "stars": [{"stars": s, "count": by_stars[s]} for s in sorted(by_stars, reverse=True) if s > 0],
        "province": [
            {"code": code, "name": names.get(code, code), "count": by_province[code]} for code in provinces
        ],
    }


# --- Search ----------------------------------------------------------------------------------------


def _name_score(readings: list[list[Group]]) -> RawSQL | None:
    """1 when the folded name holds every word of a reading (each word, or one of its accepted
    spellings, beginning a word of the name): the product is the thing asked for, not a product whose
    description or shop name mentions it."""
    clauses, params = [], []
    for reading in readings:
        words = []
        for group in reading:
            sql, patterns = _like_any("(' ' || catalog_product.name_folded)", [f"% {w}%" for w in group])
            words.append(sql)
            params += patterns
        clauses.append("(" + " AND ".join(words) + ")")
    if not clauses:
        return None
    sql = f"(CASE WHEN {' OR '.join(clauses)} THEN 1 ELSE 0 END)"
    return RawSQL(sql, params, output_field=IntegerField())  # noqa: S611 - values are parameters


def _variant_phrase_score(readings: list[list[Group]]) -> RawSQL | None:
    """The phrase in the name with one word replaced by one of its accepted spellings: "mat hao dua"
    ranks "Mật hoa dừa" first among its look-alikes."""
    phrases = []
    for reading in readings:
        if len(reading) < 2:
            continue
        typed = [g[0] for g in reading]
        for i, group in enumerate(reading):
            phrases += [" ".join([*typed[:i], w, *typed[i + 1 :]]) for w in group[1:]]
    if not phrases:
        return None
    phrases = list(dict.fromkeys(phrases))
    return _score(
        [
            _like_any("(' ' || catalog_product.name_folded)", [f"% {p}%" for p in phrases]),
            _like_any("catalog_product.name_folded", [f"{p}%" for p in phrases]),
        ]
    )


def _ordering(
    qs: QuerySet[Product],
    params: SearchParams,
    parsed: ParsedQuery | None,
    groups: list[list[Group]] | None = None,
) -> tuple[QuerySet[Product], list[str], list[str]]:
    """The products annotated with what they are ordered by; the keys of the asked order, and those of
    the relevance order (what a fallback keeps its best by). With a query, products whose name matches
    come first in every order."""
    qs = qs.annotate(has_stock=Case(When(stock__gt=0, then=Value(1)), default=Value(0)))
    by_quality = ["-ocop_stars", "-has_stock", "-created_at", "-id"]
    sorts = {
        "price_asc": ["price_vnd", "-id"],
        "price_desc": ["-price_vnd", "-id"],
        "newest": ["-created_at", "-id"],
        "stars": by_quality,
    }
    if parsed is None:
        return qs, sorts.get(params.sort, by_quality), by_quality
    if groups is None:
        groups = [[[t] for t in reading] for reading in parsed.readings]
    keys = []
    if len(parsed.readings) > 1:
        typed = [[[t] for t in parsed.readings[0]]]
        qs = qs.annotate(typed_match=Case(When(_text_condition(typed), then=Value(1)), default=Value(0)))
        keys.append("-typed_match")
    scores = {
        "name_score": _name_score(groups),
        "tone_score": _tone_score(parsed.marked),
        "word_score": _word_score(parsed.terms),
        "phrase_score": _phrase_score(parsed.readings),
        "variant_score": _variant_phrase_score(groups),
    }
    scores = {name: score for name, score in scores.items() if score is not None}
    qs = qs.annotate(**scores)
    relevance = ["-name_score", *keys, *(f"-{name}" for name in scores if name != "name_score"), *by_quality]
    if params.sort in sorts:
        return qs, ["-name_score", *sorts[params.sort]], relevance
    return qs, relevance, relevance


# The bench table fits in memory: at the default random_page_cost (4) PostgreSQL reads a broad match
# (`dừa`: 35 % of the rows) with a sequential scan that evaluates the tsvector condition on every row,
# ~1.6x slower than the GIN bitmap scan it rejects. The lower cost is set for the search statement only.
_PG_RANDOM_PAGE_COST = "1.1"


def _fetch_matches(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL random_page_cost = {_PG_RANDOM_PAGE_COST}")
        cursor.execute(statement, params)
        rows = cursor.fetchall()
        if outer:  # SET LOCAL outlives a savepoint: the rest of the outer transaction plans as before
            cursor.execute("SET LOCAL random_page_cost TO DEFAULT")
    return rows


def _groups_and_page(
    qs: QuerySet[Product],
    params: SearchParams,
    parsed: ParsedQuery,
    groups: list[list[Group]] | None = None,
    limit: int | None = None,
) -> tuple[Groups, list[int]]:
    """The groups of _groups() and the ids of the page of _ordering(), from one read of the matches;
    with `limit`, of the `limit` most relevant matches only.

    The matching rows (with their facet columns and sort keys) are materialised once; the GROUP BY and
    the ordered page are both read from that. Page rows carry their position (a ROW_NUMBER over the
    same total order), so the order does not depend on how UNION ALL returns rows.
    """
    if qs.query.is_empty():  # an unknown category
        return [], []
    ordered, keys, relevance = _ordering(qs, params, parsed, groups)
    if limit is None:
        relevance = []
    names = list(
        dict.fromkeys(
            [
                "id",
                "category_id",
                "ocop_stars",
                "place_province_code",
                *(k.lstrip("-") for k in keys + relevance),
            ]
        )
    )
    column = {name: f"c{i}" for i, name in enumerate(names)}
    inner = ordered.order_by().values_list(*names)
    sql, sql_params = inner.query.get_compiler(using=inner.db).as_sql()

    def order_by(keys: list[str]) -> str:
        return ", ".join(f"{column[k.lstrip('-')]} {'DESC' if k.startswith('-') else 'ASC'}" for k in keys)

    order = order_by(keys)
    ctes = f"m({', '.join(column.values())}) AS MATERIALIZED ({sql})"
    source, bound = "m", []
    if limit is not None:  # a fallback: only its most relevant matches, counted and listed
        ctes += f", b AS MATERIALIZED (SELECT * FROM m ORDER BY {order_by(relevance)} LIMIT %s)"  # noqa: S608
        source, bound = "b", [limit]
    statement = (
        f"WITH {ctes} "  # noqa: S608 - names are ours, values are parameters
        f"SELECT 0, c1, c2, c3, COUNT(*) FROM {source} GROUP BY c1, c2, c3 "
        "UNION ALL "
        f"SELECT 1, c0, NULL, NULL, ROW_NUMBER() OVER (ORDER BY {order}) FROM "
        f"(SELECT * FROM {source} ORDER BY {order} LIMIT %s OFFSET %s) page"
    )
    start = (params.page - 1) * params.page_size
    rows = _fetch_matches(statement, [*sql_params, *bound, params.page_size, start])
    found = [(row[1], row[2], row[3], row[4]) for row in rows if row[0] == 0]
    page = sorted((row[4], row[1]) for row in rows if row[0] == 1)
    return found, [pk for _, pk in page]


def _has_filters(params: SearchParams) -> bool:
    bare = SearchParams(q=params.q, sort=params.sort, page=params.page, page_size=params.page_size)
    return params != bare


def _matching_page(
    qs: QuerySet[Product], params: SearchParams, parsed: ParsedQuery
) -> tuple[Groups, list[int], bool]:
    """The groups and the page of the products matching the query, and whether they are a fallback.

    Every word first. A fallback runs only when no public product matches every word, filters aside:
    when the filters leave none of the exact matches the answer is none (look-alikes inside the filters
    would be listed under a query they do not match). The fallbacks, each first in the names then
    anywhere, keep their FUZZY_LIMIT most relevant products."""
    exact = [[[t] for t in reading] for reading in parsed.readings]
    groups, ids = _groups_and_page(qs.filter(_text_condition(exact)), params, parsed)
    if groups:
        return groups, ids, False
    if _has_filters(params) and public_products().filter(_text_condition(exact)).exists():
        return [], [], False
    vocab = vocabulary()
    fuzzy = [[[t, *typo_variants(t, vocab)] for t in reading] for reading in parsed.readings]
    phases = [{"any_word": False}]
    if not all(len(r) == 1 for r in parsed.readings):
        phases.append({"any_word": True})
    for phase in phases:
        for name_only in (True, False):
            condition = _text_condition(fuzzy, fuzzy=True, name_only=name_only, **phase)
            groups, ids = _groups_and_page(qs.filter(condition), params, parsed, fuzzy, limit=FUZZY_LIMIT)
            if groups:
                return groups, ids, True
    return [], [], True


def _search(params: SearchParams) -> tuple[int, list[int], dict[str, list[dict[str, Any]]], bool]:
    """The count, the ids of the page's products in order, the facets, and whether it is a fallback."""
    qs = _filtered(params)
    parsed = parse_query(params.q) if params.q.strip() else None
    if parsed is not None and parsed.readings:
        # A text query reads every match for its ranking anyway: read them once for all.
        groups, ids, approximate = _matching_page(qs, params, parsed)
        count = sum(row[3] for row in groups)
        if not count:
            return 0, [], {"category": [], "stars": [], "province": []}, False
        return count, ids, _facets(groups, params), approximate
    groups = _groups(qs)
    count = sum(row[3] for row in groups)
    if not count:
        return 0, [], {"category": [], "stars": [], "province": []}, False
    start = (params.page - 1) * params.page_size
    ordered, keys, _ = _ordering(qs, params, None)
    ids_qs = ordered.order_by(*keys).values_list("id", flat=True)
    ids = list(ids_qs[start : start + params.page_size]) if start < count else []
    return count, ids, _facets(groups, params), False


def normalized(params: SearchParams) -> SearchParams:
    """The same search with its page bounds applied (the query is kept as typed: it is cut at
    MAX_QUERY_CHARS before it is read, so even its spacing may matter)."""
    return replace(
        params,
        q=params.q or "",
        page=max(1, params.page or 1),
        page_size=max(1, min(params.page_size or 24, MAX_PAGE_SIZE)),
    )


def cache_key(params: SearchParams) -> str:
    """The cache key of a (normalised) search: every parameter and the listing version."""
    text = json.dumps(asdict(params), sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:40]
    # "search2": entries now hold (count, ids, facets, approximate); a cache shared across a deploy never
    # hands the new code an entry of the old shape.
    return f"catalog:search2:{listing_version()}:{digest}"


def search_products(params: SearchParams) -> SearchResult:
    """One page of public products matching the query and filters, with facet counts.

    The count, the page's ids and the facets are cached for CATALOG_CACHE_SECONDS under the listing
    version (changed by every write that may alter membership, rank or facets: catalog.versions); the
    products themselves, with their stock and price, are always read fresh.
    """
    params = normalized(params)
    seconds = settings.CATALOG_CACHE_SECONDS
    key = cache_key(params) if seconds > 0 else None
    cached = cache.get(key) if key else None
    from_cache = cached is not None
    if cached is None:
        cached = _search(params)
        if key:
            cache.set(key, cached, seconds)
    count, ids, facets, approximate = cached
    found = public_products().in_bulk(ids) if ids else {}
    items = [found[pk] for pk in ids if pk in found]
    return SearchResult(count, items, facets, params.page, params.page_size, from_cache, approximate)


def suggest(q: str, limit: int = 10) -> list[dict[str, str]]:
    """Up to `limit` product names (then categories) starting with what was typed so far."""
    limit = max(1, min(limit, 20))
    parsed = parse_query(q)
    if not parsed.readings:
        return []
    readings = [[[t] for t in reading] for reading in parsed.readings]
    starts = [f"{' '.join(r)}%" for r in parsed.readings]
    scores = {
        "starts": _score([_like_any("catalog_product.name_folded", starts)]),
        "tone_score": _tone_score(parsed.marked),
    }
    scores = {name: score for name, score in scores.items() if score is not None}
    qs = (
        public_products()
        .filter(_text_condition(readings, name_only=True))
        .annotate(**scores)
        .order_by(*(f"-{name}" for name in scores), "-ocop_stars", "name", "id")
    )
    names = list(qs.values_list("name", "slug")[:limit])
    suggestions = [{"type": "product", "name": name, "slug": slug} for name, slug in names]
    if len(suggestions) < limit:
        wanted = [" ".join(r) for r in parsed.readings]
        for name, slug in Category.objects.values_list("name", "slug"):
            folded = " " + fold(name)
            if any(f" {w}" in folded for w in wanted):
                suggestions.append({"type": "category", "name": name, "slug": slug})
                if len(suggestions) >= limit:
                    break
    return suggestions
