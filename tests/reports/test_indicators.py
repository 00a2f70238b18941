"""Each indicator against the hand-counted world of tests/reports/world.py, and each figure against the
records its page lists (the same filter)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from hangviet.reports import indicators, periods
from tests.reports import world

pytestmark = pytest.mark.django_db

YEAR_2022 = "from=2022-01-01&to=2022-12-31"


@pytest.fixture
def built(f):
    return world.build()


def test_every_indicator_of_2022_matches_the_hand_count(built):
    period = periods.year(2022)
    got = {i.code: i.value(period) for i in indicators.all_indicators()}
    assert got == world.EXPECTED_2022


def test_the_next_year_starts_at_local_midnight(built):
    period = periods.year(2023)
    by_code = {i.code: i.value(period) for i in indicators.all_indicators()}
    # The order placed at 00:30 on 1 January 2023 in Vietnam (17:30 UTC on 31 December) is 2023's.
    assert by_code["orders"] == 1
    assert by_code["gmv"] == 999_000
    # The certificate issued on the evening of 31 December 2022 is not new in 2023; C is.
    assert by_code["ocop_new_products"] == 1
    assert by_code["fairs"] == 1
    assert by_code["fair_booths"] == 7
    assert by_code["platform_sellers"] == 3  # the one verified at 00:30 local on 1 January joins


def test_a_quarter_and_a_month_cut_the_year(built):
    q4 = periods.quarter(2022, 4)
    december = periods.month(2022, 12)
    assert (q4.start.isoformat(), q4.end.isoformat()) == ("2022-10-01", "2022-12-31")
    assert indicators.get("fairs").value(q4) == 1  # Ok Om Bok in November
    assert indicators.get("fairs").value(december) == 0
    assert indicators.get("market_sessions").value(december) == 1  # on 31 December
    assert indicators.get("orders").value(december) == 1
    assert indicators.get("cadres_trained").value(december) == 650


def test_a_custom_period_is_read_on_its_last_day(built):
    period = periods.from_dates({"from": "2021-06-01", "to": "2022-01-15"})
    assert period.kind == "custom"
    # On 15 January 2022: A (3★), D lapsed on 1 January, G's first certificate (3★).
    assert indicators.get("ocop_products").value(period) == 2
    assert indicators.get("contests").value(period) == 2  # 31 Dec 2021 and 1 Jan 2022


def test_previous_is_the_same_period_a_year_earlier():
    assert periods.year(2022).previous() == periods.year(2021)
    assert periods.month(2024, 2).previous() == periods.month(2023, 2)
    leap = periods.from_dates({"from": "2024-02-29", "to": "2024-03-10"})
    assert (leap.previous().start.isoformat(), leap.previous().end.isoformat()) == (
        "2023-02-28",
        "2023-03-10",
    )


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"from": "2022-01-01"}, "to", "required"),
        ({"from": "2022-13-01", "to": "2022-12-31"}, "from", "invalid_date"),
        ({"from": "2022-12-31", "to": "2022-01-01"}, "to", "before_start"),
        ({"from": "2001-01-01", "to": "2022-01-01"}, "to", "too_long"),
        ({"from": "1999-01-01", "to": "2000-01-01"}, "from", "invalid_date"),
    ],
)
def test_a_wrong_period_names_its_field(params, field, code):
    with pytest.raises(periods.ValidationFailed) as caught:
        periods.from_dates(params)
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in caught.value.errors
    ]


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("code", [c for c, v in world.EXPECTED_2022.items() if v is not None])
def test_each_figure_is_the_count_or_sum_of_its_records(built, client, f, code):
    client.force_login(f.officer())
    indicator = indicators.get(code)
    rows = _csv(client.get(f"/reports/indicators/{code}/records/?{YEAR_2022}&format=csv"))
    header, body = rows[0], rows[1:]
    expected = world.EXPECTED_2022[code]
    if indicator.sum_of:
        column = {"attendance": "Số người tham dự", "annual_output_tonnes": "Sản lượng (tấn/năm)",
                  "total_vnd": "Tổng tiền (đồng)", "count": "Lượt quét"}[indicator.sum_of]  # fmt: skip
        index = header.index(column)
        assert sum(Decimal(r[index]) for r in body) == expected
    elif indicator.rate:
        status = header.index("Trạng thái")
        delivered = sum(1 for r in body if r[status] == "Đã giao")
        assert (Decimal(delivered * 100) / len(body)).quantize(Decimal("0.1")) == expected
    else:
        assert len(body) == expected
    page = client.get(f"/reports/indicators/{code}/records/?{YEAR_2022}")
    assert page.status_code == 200
    if not indicator.sum_of and not indicator.rate:
        assert page.context["page"].paginator.count == expected


def test_the_xlsx_of_records_opens_with_the_rows(built, client, f):
    from openpyxl import load_workbook

    client.force_login(f.officer())
    response = client.get(f"/reports/indicators/ocop_products/records/?{YEAR_2022}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[1][0] == "Số chứng nhận"
    assert sorted(r[0] for r in values[2:]) == ["C-A", "C-B", "C-G2"]


def test_records_of_a_non_public_figure_are_for_officers(built, client, f):
    url = f"/reports/indicators/orders/records/?{YEAR_2022}"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(f.user())
    assert client.get(url).status_code == 403
    assert client.get(url + "&format=csv").status_code == 403


def test_records_of_a_public_figure_are_public(built, client):
    response = client.get(f"/reports/indicators/fairs/records/?{YEAR_2022}")
    assert response.status_code == 200
    assert "Hội chợ ocop-2022" in response.content.decode()


def test_linked_provinces_and_marketplace_units_count_the_network_and_the_listings(client, f):
    """The two figures the newer rooms keep: active peers confirmed by the period's end; units with a
    listing live on a national marketplace during the period. Each equals the rows of its records page."""
    from hangviet.network.models import Peer
    from hangviet.syndication.models import ExternalListing

    officer = f.officer()
    at = datetime.datetime(2022, 5, 1, 9, 0, tzinfo=datetime.UTC)
    Peer.objects.create(
        node_id="cantho.example",
        name="HàngViệt Cần Thơ",
        province_code="92",
        base_url="https://cantho.example",
        status="active",
        confirmed_at=at,
    )
    Peer.objects.create(
        node_id="hcm.example",
        name="HàngViệt TP HCM",
        province_code="79",
        base_url="https://hcm.example",
        status="suspended",
        confirmed_at=at,
    )
    Peer.objects.create(
        node_id="late.example",
        name="HàngViệt Sau",
        province_code="80",
        base_url="https://late.example",
        status="active",
        confirmed_at=datetime.datetime(2023, 2, 1, tzinfo=datetime.UTC),
    )
    live, gone, later = f.seller(), f.seller(), f.seller()
    for seller, listed, removed in (
        (live, datetime.date(2022, 3, 1), None),
        (gone, datetime.date(2021, 3, 1), datetime.date(2021, 12, 31)),
        (later, datetime.date(2023, 1, 2), None),
    ):
        ExternalListing.objects.create(
            seller=seller,
            marketplace="tiki",
            url="https://tiki.vn/cua-hang/x",
            status="live",
            source="officer",
            listed_on=listed,
            removed_on=removed,
        )
    year = periods.year(2022)
    assert indicators.get("linked_provinces").value(year) == 1
    assert indicators.get("marketplace_units").value(year) == 1
    client.force_login(officer)
    for code, shown in (("linked_provinces", "HàngViệt Cần Thơ"), ("marketplace_units", live.trading_name)):
        page = client.get(f"/reports/indicators/{code}/records/?{YEAR_2022}").content.decode()
        assert shown in page and "chưa ghi nhận" not in page


def test_a_wrong_period_on_the_records_page_is_a_400(client):
    response = client.get("/reports/indicators/fairs/records/?from=2022-02-30&to=2022-12-31")
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


def test_figures_are_written_the_vietnamese_way():
    assert indicators.format_value(410252, "t/year") == "410.252"
    assert indicators.format_value(Decimal("2100.50"), "t/year") == "2.100,5"
    assert indicators.format_value(300000, "VND") == "300.000\u00a0₫"
    assert indicators.format_value(Decimal("66.7"), "%") == "66,7\u00a0%"
    assert indicators.format_value(None, "product") == "chưa ghi nhận"
