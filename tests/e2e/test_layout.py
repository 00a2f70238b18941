"""Every public and role page at 360 px: nothing scrolls sideways (tables scroll inside themselves), and
an axe-core audit of the main pages finds no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import NARROW, overflow, too_wide

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/",
    "/search/?q=nuoc+mam",
    "/p/nuoc-mam-ca-com/",
    "/shops/htx-mat-hoa-dua/",
    "/ocop/",
    "/events/",
    "/fairs/",
    "/trips/",
    "/showrooms/",
    "/buy-requests/",
    "/chains/",
    "/news/",
    "/cart/",
    "/orders/track/",
    "/accounts/login/",
    "/accounts/register/",
    "/policies/terms/",
]
SELLER = [
    "/seller/htx-mat-hoa-dua/",
    "/seller/htx-mat-hoa-dua/orders/",
    "/seller/htx-mat-hoa-dua/payouts/",
    "/seller/htx-mat-hoa-dua/payments/",
    "/seller/htx-mat-hoa-dua/products/",
    "/seller/htx-mat-hoa-dua/products/new/",
    "/lots/htx-mat-hoa-dua/",
]
OFFICER = ["/officer/sellers/", "/officer/fairs/", "/ocop/rounds/", "/ocop/dossiers/"]
AXE = ["/", "/search/?q=nuoc+mam", "/p/nuoc-mam-ca-com/", "/cart/", "/orders/track/", "/ocop/", "/events/"]


@pytest.fixture
def world(f):
    f.commune()
    owner = f.user()
    shop = f.seller(owner=owner, trading_name="HTX Mật hoa dừa", slug="htx-mat-hoa-dua")
    f.product(shop, name="Nước mắm cá cơm Duyên Hải", slug="nuoc-mam-ca-com", price_vnd=85000)
    f.seller(status="pending", trading_name="Cơ sở chờ xác minh có tên rất dài để thử bảng trên điện thoại")
    return {"seller": owner, "officer": f.officer()}


def wide_pages(open_page, shot, user, paths):
    page = open_page(user=user, viewport=NARROW)
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        shot(page, path.strip("/").replace("/", "-") or "home")
        if (extra := overflow(page)) > 0:
            found[path] = (extra, too_wide(page))
    return found


def test_no_public_page_scrolls_sideways_at_360px(open_page, shot, world):
    assert wide_pages(open_page, shot, None, PUBLIC) == {}


def test_no_seller_or_officer_page_scrolls_sideways_at_360px(open_page, shot, world):
    assert wide_pages(open_page, shot, world["seller"], SELLER) == {}
    assert wide_pages(open_page, shot, world["officer"], OFFICER) == {}


def test_main_pages_have_no_serious_accessibility_violation(open_page, world):
    page = open_page()
    axe = Axe()
    problems = {}
    for path in AXE:
        page.goto(path)
        results = axe.run(page)
        serious = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])})"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[path] = serious
    assert problems == {}
