"""Issue 10, bug 6: a fallback (typos, any word) says what it did, stays inside what it counts, never
outranks exact matches and never floods; a match in the shop's name never outranks one in the name."""

import pytest

from hangviet.catalog.search import FUZZY_LIMIT, SearchParams, clear_vocabulary_cache, search_products

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    clear_vocabulary_cache()
    yield
    clear_vocabulary_cache()


def names(result) -> list[str]:
    return [p.name for p in result.items]


def test_filters_that_leave_no_exact_match_list_nothing_not_look_alikes(f):
    shop = f.seller()
    f.product(shop, name="Nước mắm cá cơm", ocop_stars=4)
    f.product(shop, name="Nước cốt dừa", ocop_stars=5)
    result = search_products(SearchParams(q="nuoc mam", min_stars=5))
    assert (result.count, names(result), result.approximate) == (0, [], False)
    assert names(search_products(SearchParams(q="nuoc mam", min_stars=4))) == ["Nước mắm cá cơm"]


def test_a_typo_fallback_says_so_and_its_facets_count_what_is_listed(f):
    shop = f.seller()
    f.product(shop, name="Mật hoa dừa nguyên chất", ocop_stars=4)
    f.product(shop, name="Kẹo dừa", ocop_stars=5)
    exact = search_products(SearchParams(q="mat hoa dua"))
    assert exact.approximate is False and names(exact) == ["Mật hoa dừa nguyên chất"]
    typo = search_products(SearchParams(q="mat hao dua"))
    assert typo.approximate is True
    assert names(typo)[0] == "Mật hoa dừa nguyên chất"
    assert sum(row["count"] for row in typo.facets["stars"]) == typo.count == len(typo.items)


def test_a_fallback_keeps_only_its_most_relevant_products(f):
    shop = f.seller()
    for i in range(FUZZY_LIMIT + 6):
        f.product(shop, name=f"Gạo thơm loại {i}", ocop_stars=i % 4)
    result = search_products(SearchParams(q="gao xqzw", page_size=100))  # "any word": every rice
    assert result.approximate is True
    assert result.count == len(result.items) == FUZZY_LIMIT
    assert sum(row["count"] for row in result.facets["category"]) == FUZZY_LIMIT
    stars = [p.ocop_stars for p in result.items]  # the best of them: stars break the tie
    assert stars == [3] * 7 + [2] * 7 + [1] * 8 + [0] * 2


def test_a_match_in_the_shop_name_never_outranks_a_match_in_the_product_name(f):
    fish_sauce_shop = f.seller(trading_name="Nước mắm Ba Lành")
    f.product(fish_sauce_shop, name="Bánh phồng dừa", price_vnd=10000)
    f.product(f.seller(), name="Nước mắm nhĩ", price_vnd=90000)
    for sort in ("price_asc", "relevance", "newest", "stars"):
        assert names(search_products(SearchParams(q="nuoc mam", sort=sort))) == [
            "Nước mắm nhĩ",
            "Bánh phồng dừa",
        ], sort


def test_a_code_typed_with_a_space_is_found_exactly(f):
    f.product(name="Gạo ST25 Sóc Trăng")
    f.product(name="Gạo thơm 25 kg")
    result = search_products(SearchParams(q="gao st 25"))
    assert result.approximate is False and names(result) == ["Gạo ST25 Sóc Trăng"]


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("vi", "Không có kết quả chính xác; đang hiện kết quả gần đúng cho “mat hao dua”."),
        ("en", "No exact results; showing close matches for “mat hao dua”."),
    ],
)
def test_the_search_page_says_when_it_shows_close_matches(client, f, lang, notice):
    f.product(name="Mật hoa dừa nguyên chất")
    page = client.get("/search/", {"q": "mat hao dua"}, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert notice in page and "Mật hoa dừa nguyên chất" in page
    exact = client.get("/search/", {"q": "mat hoa dua"}, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert notice.split(";")[0] not in exact


def test_the_api_says_when_it_shows_close_matches(client, f):
    f.product(name="Mật hoa dừa nguyên chất")
    assert client.get("/api/v1/products", {"q": "mat hao dua"}).json()["approximate"] is True
    assert client.get("/api/v1/products", {"q": "mat hoa dua"}).json()["approximate"] is False
