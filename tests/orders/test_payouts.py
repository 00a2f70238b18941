import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.orders import payouts
from hangviet.orders.models import Order
from hangviet.sellers.models import Seller
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db
RATES = {"commission_rate": Decimal("0"), "vat_rate": Decimal("0.01"), "pit_rate": Decimal("0.005")}
WHEN = datetime.datetime(2026, 3, 15, 10, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("gross", "vat", "pit"),
    [
        (120000, 1200, 600),  # 1 % and 0.5 % exactly
        (33333, 333, 167),  # 333.33 → 333; 166.665 → 167 (half up)
        (100, 1, 1),  # 0.5 → 1 (half up)
        (99, 1, 0),  # 0.99 → 1; 0.495 → 0
        (1_234_567, 12346, 6173),  # 12 345.67 → 12 346; 6 172.835 → 6 173
    ],
)
def test_withholding_per_order_hand_checked(gross, vat, pit):
    line = payouts.line_for("HV1", WHEN, "cod", gross, withholds=True, **RATES)
    assert (line.vat_vnd, line.pit_vnd, line.net_vnd) == (vat, pit, gross - vat - pit)


def test_commission_rate_applies_before_net():
    line = payouts.line_for(
        "HV1",
        WHEN,
        "cod",
        250000,
        withholds=True,
        commission_rate=Decimal("0.05"),
        vat_rate=Decimal("0.01"),
        pit_rate=Decimal("0.005"),
    )
    assert (line.commission_vnd, line.vat_vnd, line.pit_vnd, line.net_vnd) == (12500, 2500, 1250, 233750)


def test_enterprise_is_not_withheld():
    line = payouts.line_for("HV1", WHEN, "cod", 120000, withholds=False, **RATES)
    assert (line.vat_vnd, line.pit_vnd, line.net_vnd) == (0, 0, 120000)


def _deliver(order, when):
    Order.objects.filter(pk=order.pk).update(status="delivered", delivered_at=when)


def test_monthly_statement_totals_reconcile_to_the_dong(shops, settings):
    settings.HANGVIET_COMMISSION_RATE = "0.02"
    household, product = shops[1], shops[3]
    assert household.kind == Seller.Kind.HOUSEHOLD
    totals = []
    for quantity in (1, 2):
        order = place([(product, quantity)]).orders.get()
        _deliver(
            order, timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 30))
        )  # local time, still March
        totals.append(order.total_vnd)
    late = place([(product, 1)]).orders.get()
    _deliver(late, timezone.make_aware(datetime.datetime(2026, 4, 1, 0, 10)))  # April in Vietnam
    statement = payouts.monthly_statement(household, 2026, 3)
    assert [line.gross_vnd for line in statement.lines] == totals == [150000, 270000]
    assert statement.gross_vnd == 420000
    assert statement.commission_vnd == 3000 + 5400
    assert statement.vat_vnd == 1500 + 2700 and statement.pit_vnd == 750 + 1350
    assert statement.net_vnd == 420000 - 8400 - 4200 - 2100 == sum(line.net_vnd for line in statement.lines)


def test_statement_page_and_xlsx(client, shops):
    household, product = shops[1], shops[3]
    order = place([(product, 1)]).orders.get()
    _deliver(order, timezone.now())
    today = timezone.localdate()
    client.force_login(owner_of(household))
    page = client.get(f"/seller/{household.slug}/payouts/?month={today:%Y-%m}")
    assert page.status_code == 200
    assert "1.500\u00a0₫" in page.content.decode() and order.code in page.content.decode()  # VAT on 150 000
    response = client.get(f"/seller/{household.slug}/payouts/statement.xlsx?month={today:%Y-%m}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (order.code, "Tổng")]
    assert rows[0][3:] == (150000, 0, 1500, 750, 147750)
    assert rows[1][3:] == (150000, 0, 1500, 750, 147750)


def test_other_shops_cannot_see_a_statement(client, shops, f):
    client.force_login(f.user())
    assert client.get(f"/seller/{shops[1].slug}/payouts/").status_code == 404
