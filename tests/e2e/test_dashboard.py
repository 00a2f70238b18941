"""The officers' dashboard in a browser (issue 14's "done when"): on a phone nothing scrolls sideways and the
charts show, the officer picks 2022, opens a figure's records, and the printed page keeps the charts
without the site's navigation; axe finds no serious or critical violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import PHONE, overflow, too_wide
from tests.reports import world

pytestmark = pytest.mark.django_db(transaction=True)


def serious(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_an_officer_reads_2022_on_a_phone_opens_a_figures_records_and_prints(open_page, shot, f):
    world.build()
    page = open_page(user=f.officer(), viewport=PHONE)
    page.set_default_timeout(60_000)  # the dashboard counts every indicator twice (the year and the last)
    page.goto("/reports/")
    page.fill("#p-year", "2022")
    page.locator("form.period-form").first.get_by_role("button").click()
    page.wait_for_url(re.compile(r"year=2022"))
    shot(page, "dashboard-2022")
    assert page.get_by_role("heading", level=1).inner_text().endswith("2022")
    assert overflow(page) == 0, too_wide(page)
    charts = page.locator(".charts figure svg")
    assert charts.count() == 8
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert charts.nth(i).is_visible() and box is not None
        assert 0 < box["width"] <= PHONE["width"] and box["height"] > 0
    assert serious(page) == []

    fairs = page.get_by_role("row").filter(has=page.get_by_role("link", name="Hội chợ thương mại"))
    assert fairs.get_by_role("cell").first.inner_text().startswith("2 ")  # 2 fairs in 2022
    fairs.get_by_role("link", name="Hội chợ thương mại").click()
    page.wait_for_url(re.compile(r"/reports/indicators/fairs/records/\?from=2022-01-01&to=2022-12-31"))
    shot(page, "fairs-2022-records")
    assert page.locator("table tbody tr").count() == 2  # the figure is the count of the rows listed
    assert overflow(page) == 0, too_wide(page)
    assert serious(page) == []

    page.go_back()
    page.emulate_media(media="print")
    shot(page, "dashboard-2022-print")
    assert page.locator("header.top").is_hidden() and page.locator("footer.foot").is_hidden()
    assert all(form.is_hidden() for form in page.locator("form.period-form").all())
    assert page.locator(".no-print").is_hidden()
    assert all(svg.is_visible() for svg in page.locator(".charts figure svg").all())
