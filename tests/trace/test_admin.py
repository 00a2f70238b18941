"""The traceability admin: supply chains are recorded through the service; lots and EPCIS events are
records made by their own flows, shown in the admin, never edited there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hangviet.trace import services
from hangviet.trace.models import EpcisEvent, Lot, SupplyChain

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def chain_form(**over: object) -> dict:
    data = {
        "name": "Chuỗi mật hoa dừa Trà Vinh",
        "slug": "mat-hoa-dua-tra-vinh",
        "product_type": "coconut_nectar",
        "decision_number": "QĐ 12/QĐ-SCT",
        "certified_on": "2026-01-10",
        "valid_until": "2029-01-10",
        "annual_output_tonnes": "120",
        "description": "",
    }
    data |= inline("members", [{"name": "HTX Dừa Sáp", "role": "grower"}])
    data |= inline(
        "export_markets", [{"country_code": "jp", "country_name": "Nhật Bản", "volume_tonnes": "5"}]
    )
    data.update(over)
    return data


def test_an_officer_records_a_chain_through_the_service(client, admin_officer):
    response = client.post(reverse("admin:trace_supplychain_add"), chain_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    chain = SupplyChain.objects.get(slug="mat-hoa-dua-tra-vinh")
    assert list(chain.members.values_list("name", "role")) == [("HTX Dừa Sáp", "grower")]
    assert list(chain.export_markets.values_list("country_code", "volume_tonnes")) == [("JP", 5)]


def test_a_chain_valid_until_before_its_certification_is_refused(client, admin_officer):
    response = client.post(reverse("admin:trace_supplychain_add"), chain_form(valid_until="2025-01-10"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not SupplyChain.objects.exists()


def test_an_officer_corrects_a_chain_its_members_and_markets(f, client, admin_officer):
    chain = services.certify_chain(
        actor=admin_officer,
        name="Chuỗi gạo",
        slug="chuoi-gao",
        product_type="rice",
        decision_number="QĐ 1",
        certified_on=TODAY,
        valid_until=TODAY.replace(year=2029),
        annual_output_tonnes=10,
        members=[{"name": "HTX Lúa", "role": "grower"}, {"name": "Nhà máy xay", "role": "processor"}],
        markets=[{"country_code": "SG", "country_name": "Singapore", "volume_tonnes": 2}],
    )
    grower, processor = chain.members.order_by("name")
    market = chain.export_markets.get()
    data = chain_form(name="Chuỗi lúa gạo ST25", slug="chuoi-gao", product_type="rice")
    data |= inline(
        "members",
        [
            {"id": grower.pk, "chain": chain.pk, "name": "HTX Lúa", "role": "grower", "DELETE": "on"},
            {"id": processor.pk, "chain": chain.pk, "name": "Nhà máy xay Cầu Kè", "role": "processor"},
            {"chain": chain.pk, "name": "Siêu thị", "role": "distributor"},
        ],
        initial=2,
    )
    data |= inline(
        "export_markets",
        [
            {
                "id": market.pk,
                "chain": chain.pk,
                "country_code": "sg",
                "country_name": "Singapore",
                "volume_tonnes": "3",
            }
        ],
        initial=1,
    )

    response = client.post(reverse("admin:trace_supplychain_change", args=[chain.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    chain.refresh_from_db()
    assert chain.name == "Chuỗi lúa gạo ST25"
    assert sorted(chain.members.values_list("name", "role")) == [
        ("Nhà máy xay Cầu Kè", "processor"),
        ("Siêu thị", "distributor"),
    ]
    assert list(chain.export_markets.values_list("country_code", "volume_tonnes")) == [("SG", 3)]


def test_lots_and_epcis_events_are_shown_not_edited_in_the_admin(f, client, admin_officer):
    owner = f.user()
    product = f.product(f.seller(owner=owner))
    lot = services.create_lot(actor=owner, product=product, code="L1", produced_on=TODAY, quantity=10)
    event = services.record_step(actor=owner, lot=lot, step="harvested", occurred_at=timezone.now())

    assert client.get(reverse("admin:trace_lot_change", args=[lot.pk])).status_code == 200
    assert client.get(reverse("admin:trace_lot_add")).status_code == 403
    response = client.post(
        reverse("admin:trace_lot_change", args=[lot.pk]),
        {"product": product.pk, "code": "L2", "produced_on": "2026-03-01", "quantity": "10", "uom": "H87"},
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:trace_lot_delete", args=[lot.pk]), {"post": "yes"}).status_code == 403
    assert Lot.objects.get(pk=lot.pk).code == "L1"
    assert client.post(reverse("admin:trace_epcisevent_change", args=[event.pk]), {}).status_code == 403
    assert (
        client.post(reverse("admin:trace_epcisevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert EpcisEvent.objects.filter(pk=event.pk).exists()
