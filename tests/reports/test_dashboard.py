"""The officers' dashboard, targets and charts, through the pages."""

import re
import xml.etree.ElementTree as ET

import pytest

from hangviet.reports.models import Target
from tests.reports import world

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def officer_client(client, f):
    client.force_login(f.officer())
    return client


def test_the_dashboard_is_for_officers(client, f):
    assert client.get("/reports/").status_code == 302
    client.force_login(f.user())
    assert client.get("/reports/").status_code == 403


def test_officers_find_the_dashboard_from_their_pages(officer_client):
    assert 'href="/reports/"' in officer_client.get("/accounts/account/").content.decode()
    assert 'href="/reports/"' in officer_client.get("/").content.decode()


def test_the_dashboard_shows_each_figure_against_target_and_last_year(officer_client, f):
    world.build()
    Target.objects.create(year=2022, indicator="fairs", value=3)
    body = officer_client.get("/reports/?year=2022").content.decode()
    row = re.search(
        r'records/\?from=2022-01-01&amp;to=2022-12-31">Hội chợ thương mại</a></th>(.*?)</tr>', body, re.S
    )
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[0].startswith("2 ")  # 2 fairs in 2022
    assert cells[1] == "3"  # the target
    assert cells[2] == "0"  # 2021


def test_the_charts_are_valid_svg_with_titles(officer_client):
    world.build()
    body = officer_client.get("/reports/?year=2022").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", body, re.S)
    assert len(svgs) == 8
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own page: well-formed XML is what is tested
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text
        assert desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    stars = ET.fromstring(svgs[0])  # noqa: S314
    labels = [t.text for t in stars.iter(f"{SVG}text")]
    assert labels == ["3 sao", "1", "4 sao", "2", "5 sao", "0"]


def test_a_quarter_is_compared_with_the_same_quarter_last_year(officer_client):
    body = officer_client.get("/reports/?year=2022&quarter=4").content.decode()
    assert "quý 4/2022" in body and "quý 4/2021" in body
    assert 'for="p-q"' in body and 'id="p-q"' in body  # the picker's labels name their fields
    assert re.search(r'<option value="4" selected>', body)


def test_an_officer_sets_a_year_of_targets(officer_client):
    response = officer_client.post(
        "/reports/targets/2022/", {"ocop_new_products": "25", "gmv": "1.200.000.000"}
    )
    assert response.status_code == 302
    assert dict(Target.objects.filter(year=2022).values_list("indicator", "value")) == {
        "ocop_new_products": 25,
        "gmv": 1_200_000_000,
    }
    officer_client.post("/reports/targets/2022/", {"ocop_new_products": "25"})  # gmv emptied: removed
    assert list(Target.objects.values_list("indicator", flat=True)) == ["ocop_new_products"]


def test_a_target_past_its_bound_is_refused_next_to_its_field(officer_client):
    response = officer_client.post("/reports/targets/2022/", {"delivered_rate": "101", "fairs": "abc"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"delivered_rate", "fairs"}
    assert Target.objects.count() == 0


def test_targets_are_for_officers(client, f):
    client.force_login(f.user())
    assert client.post("/reports/targets/2022/", {"fairs": "3"}).status_code == 403
    assert Target.objects.count() == 0
