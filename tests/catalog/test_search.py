"""Product search: Vietnamese with and without marks, Telex, typos, ranking, filters, sorts, facets."""

import pytest
from django.db import connection

from hangviet.catalog import services
from hangviet.catalog.models import Category, Product
from hangviet.catalog.search import SearchParams, clear_vocabulary_cache, search_products, suggest
from hangviet.core.models import Province
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    clear_vocabulary_cache()
    yield
    clear_vocabulary_cache()


def names(result) -> list[str]:
    return [p.name for p in result.items]


def search(q: str = "", **kw) -> list[str]:
    return names(search_products(SearchParams(q=q, **kw)))


@pytest.fixture
def coconut(f):
    """Coconut nectar among its look-alikes: coconuts, honey, and a honey from coconut flowers."""
    shop = f.seller()
    return {
        "nectar": f.product(shop, name="Mật hoa dừa Sokfarm 250ml", ocop_stars=4),
        "nectar2": f.product(shop, name="Mật hoa dừa nguyên chất Trà Vinh", ocop_stars=3),
        "sap": f.product(
            shop, name="Dừa sáp Cầu Kè", ocop_stars=5, description="Dừa sáp thơm mát, hoa trái miệt vườn"
        ),
        "honey": f.product(shop, name="Mật ong rừng U Minh", ocop_stars=5, description="Ong hút mật hoa dừa"),
        "candy": f.product(shop, name="Kẹo dừa Bến Tre", ocop_stars=5),
    }


@pytest.mark.parametrize("q", ["mat hoa dua", "mật hoa dừa", "MẬT HOA DỪA", "Mat Hoa Dua", "maatj hoa duwfa"])
def test_coconut_nectar_is_found_first_however_it_is_typed(coconut, q):
    found = search(q)
    assert found[:2] and all(n.startswith("Mật hoa dừa") for n in found[:2]), found
    for other in ("Dừa sáp Cầu Kè", "Mật ong rừng U Minh"):
        if other in found:
            assert found.index(other) > 1
    assert "Kẹo dừa Bến Tre" not in found


def test_a_name_that_begins_with_the_phrase_ranks_above_one_that_contains_it(f):
    shop = f.seller()
    f.product(shop, name="Rượu mật hoa dừa lên men", ocop_stars=5)
    f.product(shop, name="Mật hoa dừa cô đặc", ocop_stars=3)
    for q in ("mat hoa dua", "mật hoa dừa", "maatj hoa duwfa"):
        assert search(q) == ["Mật hoa dừa cô đặc", "Rượu mật hoa dừa lên men"], q


def test_every_word_must_match_before_any_word_is_enough(coconut):
    assert search("keo dua") == ["Kẹo dừa Bến Tre"]


def test_name_matches_rank_above_description_matches(coconut):
    found = search("dua sap")
    assert found[0] == "Dừa sáp Cầu Kè"
    found = search("mat ong")
    assert found[0] == "Mật ong rừng U Minh"


def test_d_with_stroke_folds_to_d(f):
    f.product(name="Đường thốt nốt An Giang")
    f.product(name="Dưa hấu Long An")
    assert search("duong") == ["Đường thốt nốt An Giang"]
    assert search("đường") == ["Đường thốt nốt An Giang"]
    assert search("ĐƯỜNG THỐT NỐT") == ["Đường thốt nốt An Giang"]


def test_last_word_matches_as_a_prefix(f):
    f.product(name="Nước mắm Phú Quốc")
    assert search("nuoc ma") == ["Nước mắm Phú Quốc"]
    assert search("nuo") == ["Nước mắm Phú Quốc"]


def test_query_words_with_own_tone_marks_rank_first(f):
    shop = f.seller()
    f.product(shop, name="Bạnh cá lóc", ocop_stars=5)
    f.product(shop, name="Bánh pía Sóc Trăng", ocop_stars=3)
    assert search("bánh") == ["Bánh pía Sóc Trăng", "Bạnh cá lóc"]
    assert search("bạnh") == ["Bạnh cá lóc", "Bánh pía Sóc Trăng"]
    # Without marks the better-starred one leads.
    assert search("banh") == ["Bạnh cá lóc", "Bánh pía Sóc Trăng"]


def test_exact_tone_matches_whatever_the_tone_placement(f):
    shop = f.seller()
    f.product(shop, name="Trà hoà thảo mộc", ocop_stars=3)
    f.product(shop, name="Trà hóa thảo mộc", ocop_stars=5)
    assert search("trà hòa")[0] == "Trà hoà thảo mộc"


@pytest.mark.parametrize("q", ["nuoc mamm", "nuoc mam phu quoc", "nuco mam", "nước mắn"])
def test_one_letter_typos_still_find(f, q):
    f.product(name="Nước mắm Phú Quốc")
    f.product(name="Gạo ST25")
    assert search(q) == ["Nước mắm Phú Quốc"]


def test_swapped_letters_find_coconut_nectar(coconut):
    found = search("mat hoa dau")
    assert found[0].startswith("Mật hoa dừa")


def test_nothing_matches_nonsense(coconut):
    assert search("xyzqwv") == []
    result = search_products(SearchParams(q="xyzqwv"))
    assert result.count == 0 and result.facets == {"category": [], "stars": [], "province": []}


def test_description_only_products_are_found(f):
    f.product(name="Hộp quà Tết", description="Gồm trà sen và bánh pía")
    assert search("tra sen") == ["Hộp quà Tết"]


def test_only_public_products_are_searched(f):
    f.product(name="Mật hoa dừa nháp", status=Product.Status.DRAFT)
    f.product(name="Mật hoa dừa lưu trữ", status=Product.Status.ARCHIVED)
    f.product(f.seller(status=Seller.Status.PENDING), name="Mật hoa dừa chờ duyệt")
    f.product(name="Mật hoa dừa công khai")
    assert search("mat hoa dua") == ["Mật hoa dừa công khai"]
    assert [s["name"] for s in suggest("mat hoa") if s["type"] == "product"] == ["Mật hoa dừa công khai"]


def test_renamed_product_is_found_by_its_new_name(f):
    product = f.product(name="Bánh tét lá cẩm")
    services.update_product(actor=f.owner_of(product.seller), product=product, name="Chả lụa")
    assert search("banh tet") == []
    assert search("cha lua") == ["Chả lụa"]


# --- Filters -------------------------------------------------------------------------------------


def test_category_filter_includes_descendants(f):
    food = Category.objects.get(slug="thuc-pham")
    condiments = Category.objects.get(slug="gia-vi")
    drinks = Category.objects.get(slug="do-uong")
    f.product(name="Muối tôm", category=condiments)
    f.product(name="Mắm ruốc", category=food)
    f.product(name="Rượu nếp", category=drinks)
    assert sorted(search(category="thuc-pham")) == ["Muối tôm", "Mắm ruốc"]
    assert search(category="gia-vi") == ["Muối tôm"]
    assert search(category="khong-co") == []


def test_min_stars_filter(f):
    f.product(name="Ba sao", ocop_stars=3)
    f.product(name="Bốn sao", ocop_stars=4)
    f.product(name="Không sao", ocop_stars=0)
    assert sorted(search(min_stars=4)) == ["Bốn sao"]
    assert sorted(search(min_stars=3)) == ["Ba sao", "Bốn sao"]


def test_province_and_commune_filters_use_origin_then_seller(f):
    vl = f.province("86", "Vĩnh Long")
    ct = f.province("92", "Cần Thơ")
    c_vl = f.commune("29242", "Phường Trà Vinh", vl)
    c_ct = f.commune("31150", "Phường Ninh Kiều", ct)
    shop_vl = f.seller(commune=c_vl)
    f.product(shop_vl, name="Xuất xứ Cần Thơ", origin_commune=c_ct)
    f.product(shop_vl, name="Theo người bán")
    assert search(province="92") == ["Xuất xứ Cần Thơ"]
    assert search(province="86") == ["Theo người bán"]
    assert search(commune="31150") == ["Xuất xứ Cần Thơ"]
    assert search(commune="29242") == ["Theo người bán"]


def test_price_range_stock_and_seller_kind_filters(f):
    coop = f.seller(kind=Seller.Kind.COOPERATIVE)
    household = f.seller(kind=Seller.Kind.HOUSEHOLD)
    f.product(coop, name="Rẻ", price_vnd=20000, stock=0)
    f.product(coop, name="Vừa", price_vnd=50000, stock=5)
    f.product(household, name="Đắt", price_vnd=300000, stock=1)
    assert sorted(search(price_min=30000)) == ["Vừa", "Đắt"]
    assert sorted(search(price_max=50000)) == ["Rẻ", "Vừa"]
    assert search(price_min=30000, price_max=60000) == ["Vừa"]
    assert sorted(search(in_stock=True)) == ["Vừa", "Đắt"]
    assert search(in_stock=False) == ["Rẻ"]
    assert search(seller_kind="household") == ["Đắt"]


# --- Sorts, ranking tie-breakers, pagination -------------------------------------------------------


def test_sorts(f):
    shop = f.seller()
    f.product(shop, name="Trà A", price_vnd=30000, ocop_stars=3)
    f.product(shop, name="Trà B", price_vnd=10000, ocop_stars=5)
    f.product(shop, name="Trà C", price_vnd=20000, ocop_stars=4)
    assert search("tra", sort="price_asc") == ["Trà B", "Trà C", "Trà A"]
    assert search("tra", sort="price_desc") == ["Trà A", "Trà C", "Trà B"]
    assert search("tra", sort="newest") == ["Trà C", "Trà B", "Trà A"]
    assert search("tra", sort="stars") == ["Trà B", "Trà C", "Trà A"]
    assert search("tra", sort="relevance") == ["Trà B", "Trà C", "Trà A"]


def test_stars_then_stock_break_relevance_ties(f):
    shop = f.seller()
    f.product(shop, name="Trà sen hết hàng", ocop_stars=4, stock=0)
    f.product(shop, name="Trà sen còn hàng", ocop_stars=4, stock=3)
    f.product(shop, name="Trà sen năm sao", ocop_stars=5, stock=0)
    assert search("tra sen") == ["Trà sen năm sao", "Trà sen còn hàng", "Trà sen hết hàng"]


def test_pagination_and_page_size_cap(f):
    shop = f.seller()
    for i in range(5):
        f.product(shop, name=f"Khô cá {i}", price_vnd=10000 + i)
    result = search_products(SearchParams(q="kho ca", sort="price_asc", page=2, page_size=2))
    assert result.count == 5 and names(result) == ["Khô cá 2", "Khô cá 3"]
    assert names(search_products(SearchParams(q="kho ca", page=9, page_size=2))) == []
    assert search_products(SearchParams(page_size=1000)).page_size == 100


# --- Facets ----------------------------------------------------------------------------------------


def test_facets_count_groups_stars_and_provinces(f):
    ct = f.province("92", "Cần Thơ")
    c_ct = f.commune("31150", "Phường Ninh Kiều", ct)
    shop = f.seller()
    condiments = Category.objects.get(slug="gia-vi")
    drinks = Category.objects.get(slug="do-uong-khong-con")
    f.product(shop, name="Muối ớt", category=condiments, ocop_stars=4)
    f.product(shop, name="Muối tiêu", category=condiments, ocop_stars=3, origin_commune=c_ct)
    f.product(shop, name="Nước muối", category=drinks, ocop_stars=4)
    result = search_products(SearchParams(q="muoi"))
    assert result.count == 3
    assert result.facets["category"] == [
        {"slug": "thuc-pham", "name": "Thực phẩm", "count": 2},
        {"slug": "do-uong", "name": "Đồ uống", "count": 1},
    ]
    assert result.facets["stars"] == [{"stars": 4, "count": 2}, {"stars": 3, "count": 1}]
    assert result.facets["province"] == [
        {"code": "86", "name": Province.objects.get(code="86").name, "count": 2},
        {"code": "92", "name": Province.objects.get(code="92").name, "count": 1},
    ]
    # Inside a group the facet shows its children.
    inside = search_products(SearchParams(q="muoi", category="thuc-pham"))
    assert inside.facets["category"] == [{"slug": "gia-vi", "name": "Gia vị", "count": 2}]


# --- Suggestions -----------------------------------------------------------------------------------


def test_suggest_names_as_you_type(coconut):
    got = suggest("mat ho")
    products = [s["name"] for s in got if s["type"] == "product"]
    assert set(products[:2]) == {"Mật hoa dừa Sokfarm 250ml", "Mật hoa dừa nguyên chất Trà Vinh"}
    assert "Dừa sáp Cầu Kè" not in products  # its description matches, its name does not
    assert [s["name"] for s in suggest("mật ong") if s["type"] == "product"] == ["Mật ong rừng U Minh"]
    assert suggest("") == []


def test_suggest_includes_categories_and_respects_limit(f):
    for i in range(12):
        f.product(name=f"Gia vị {i}")
    assert len(suggest("gia vi")) == 10
    assert {"type": "category", "name": "Gia vị", "slug": "gia-vi"} in suggest("gia vi", limit=20)
    assert len(suggest("gia", limit=3)) == 3


def test_search_runs_a_bounded_number_of_queries(f, django_assert_max_num_queries):
    shop = f.seller()
    for i in range(10):
        f.product(shop, name=f"Bánh phồng tôm {i}")
    with django_assert_max_num_queries(8):
        result = search_products(SearchParams(q="banh phong"))
    assert result.count == 10


def test_search_index_triggers_exist():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite keeps its FTS table in sync by triggers")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_product'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"catalog_product_fts_ai", "catalog_product_fts_ad", "catalog_product_fts_au"} <= triggers
