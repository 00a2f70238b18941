"""Full-text operators typed into the search box are words, never syntax: FTS5 (`"`, `*`, `NEAR`, `:`,
`AND`/`OR`/`NOT`, `^`, `-`) and tsquery (`'`, `&`, `|`, `!`, `:*`, `<->`) reach the engine only as
quoted words, so the page and the API answer with what the words find, on SQLite and on PostgreSQL."""

import pytest

from hangviet.catalog.search import clear_vocabulary_cache

pytestmark = pytest.mark.django_db

NECTAR = "Mật hoa dừa Sokfarm"
HONEY = "Mật ong rừng U Minh"
CANDY = "Kẹo dừa Bến Tre"
RICE = "Gạo ST25 Sóc Trăng"


@pytest.fixture(autouse=True)
def catalog(f):
    clear_vocabulary_cache()
    shop = f.seller()
    for name in (NECTAR, HONEY, CANDY, RICE):
        f.product(shop, name=name)
    yield
    clear_vocabulary_cache()


def api_names(client, q: str) -> set[str]:
    response = client.get("/api/v1/products", {"q": q})
    assert response.status_code == 200, (q, response.content[:500])
    return {item["name"] for item in response.json()["items"]}


def page_names(client, q: str) -> set[str]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200, (q, response.content[:500])
    html = response.content.decode()
    return {name for name in (NECTAR, HONEY, CANDY, RICE) if name in html}


def suggested(client, q: str) -> set[str]:
    response = client.get("/api/v1/suggest", {"q": q})
    assert response.status_code == 200, (q, response.content[:500])
    return {s["name"] for s in response.json() if s["type"] == "product"}


# (query, the products its words find): every word must match, the last one as a prefix; failing
# that, any word. An operator is either dropped (punctuation) or a plain word (NEAR, AND, OR, NOT).
CASES = [
    ('"mật hoa dừa"', {NECTAR}),
    ('"mat hoa', {NECTAR}),  # an unbalanced quote
    ('mat hoa"', {NECTAR}),
    ("mat*", {NECTAR, HONEY}),
    ("*dua", {NECTAR, CANDY}),
    ("mat:*", {NECTAR, HONEY}),
    ("name_folded:keo", {CANDY}),  # an FTS5 column filter: no such word, so "keo" alone is found
    ("name_folded : dua", {NECTAR, CANDY}),
    ("mat NEAR dua", {NECTAR}),  # "near" is in no name: any word then finds, nectar ranking first
    ("NEAR(mat dua)", {NECTAR}),
    ("mat AND dua", {NECTAR}),
    ("keo OR gao", {CANDY, RICE}),
    ("NOT dua", {NECTAR, CANDY}),
    ("mat -ong", {HONEY}),  # a minus is not a negation: "ong" is a word like any other
    ("-dua", {NECTAR, CANDY}),
    ("d'dua", {NECTAR, CANDY}),
    ("dừa'", {NECTAR, CANDY}),
    ("'mat' & 'ong'", {HONEY}),
    ("mat | keo", {NECTAR, HONEY, CANDY}),
    ("!gao", {RICE}),
    ("mat <-> ong", {HONEY}),
    ("^gao", {RICE}),
    ("gạo (st25)", {RICE}),
    ("st25+", {RICE}),
    ("mật\\ ong", {HONEY}),
    ("mat % ong _", {HONEY}),  # LIKE wildcards in the ranking are literal
]


@pytest.mark.parametrize(("q", "expected"), CASES, ids=[q for q, _ in CASES])
def test_operators_are_words_on_the_page_and_in_the_api(client, q, expected):
    found = api_names(client, q)
    assert expected <= found, (q, found)
    assert page_names(client, q) == found
    assert suggested(client, q) <= found


def test_the_product_holding_every_word_ranks_first(client):
    for q in ("mat AND dua", "mat NEAR dua", 'NEAR("mat" "dua")'):
        response = client.get("/api/v1/products", {"q": q})
        assert response.json()["items"][0]["name"] == NECTAR, q
    assert api_names(client, '"mat" "ong"') == {HONEY}


ONLY_PUNCTUATION = ['"', '""', "*", ":", "'", "-", "()", '"*:()^-', "&|!<->", "...", "\\"]


@pytest.mark.parametrize("q", ONLY_PUNCTUATION)
def test_a_query_of_punctuation_only_lists_the_catalog_as_an_empty_query_does(client, q):
    assert api_names(client, q) == api_names(client, "") == {NECTAR, HONEY, CANDY, RICE}
    assert page_names(client, q) == {NECTAR, HONEY, CANDY, RICE}
    assert suggested(client, q) == set()


@pytest.mark.parametrize("q", ["²", "①", "ﬁ", "中文", "🙂", "\u200b", "Ⅻ", "ß", "ǅ"])
def test_unusual_characters_find_nothing_without_an_error(client, q):
    assert api_names(client, q) <= {NECTAR, HONEY, CANDY, RICE}
    page_names(client, q)
    suggested(client, q)
