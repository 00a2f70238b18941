import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hangviet.core.errors import ValidationFailed
from hangviet.ocop.models import Certificate
from hangviet.trace import services
from hangviet.trace.models import (
    ChainMember,
    CounterfeitFlag,
    EpcisEvent,
    Lot,
    ScanCount,
    SerialItem,
    SupplyChain,
)
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db


def scan_url(lot, serial=""):
    from hangviet.trace.identifiers import scan_path

    return scan_path(lot, serial)


@pytest.mark.parametrize(
    ("code", "error"),
    [("", "empty_value"), ("A" * 21, "too_long"), ("LÔ-1", "bad_characters"), ("A B", "bad_characters")],
)
def test_lot_codes_must_be_gs1_characters(f, code, error):
    owner = f.user()
    product = f.product(f.seller(owner=owner))
    with pytest.raises(ValidationFailed) as info:
        services.create_lot(
            actor=owner, product=product, code=code, produced_on=timezone.localdate(), quantity=1
        )
    assert info.value.errors[0] == {
        "field": "code",
        "code": error,
        "message": info.value.errors[0]["message"],
    }
    assert not Lot.objects.exists()


@pytest.mark.parametrize("code", ["A/21/B", "A/10", "L/22/X", "X/235/Y", "A//B", "/A", "A/"])
def test_lot_codes_the_shipped_server_would_misread_are_refused(f, code):
    """granian decodes %2F: 'A/21/B' would come back as the lot A and the serial B (docs/traceability.md)."""
    owner = f.user()
    product = f.product(f.seller(owner=owner))
    with pytest.raises(ValidationFailed) as info:
        services.create_lot(
            actor=owner, product=product, code=code, produced_on=timezone.localdate(), quantity=1
        )
    assert [(e["field"], e["code"]) for e in info.value.errors] == [("code", "ambiguous_in_qr")]
    assert "A/21/B" in info.value.errors[0]["message"]
    assert not Lot.objects.exists()


def test_a_slash_elsewhere_in_a_lot_code_or_serial_is_fine_and_a_misread_serial_is_refused(f):
    owner, _product, lot = gtin_lot(f, code="21/L/01")
    assert lot.code == "21/L/01"
    with pytest.raises(ValidationFailed) as info:
        services.add_serials(actor=owner, lot=lot, serials=["S/1", "X/10/Y"])
    assert [(e["field"], e["code"]) for e in info.value.errors] == [("serials.1", "ambiguous_in_qr")]
    assert [s.serial for s in services.add_serials(actor=owner, lot=lot, serials=["S/1"])] == ["S/1"]


def test_only_members_of_the_seller_create_lots_and_record_events(f):
    _owner, product, lot = gtin_lot(f)
    stranger = f.user()
    f.seller(owner=stranger)  # a member of another seller
    with pytest.raises(PermissionDenied):
        services.create_lot(
            actor=stranger, product=product, code="X", produced_on=timezone.localdate(), quantity=1
        )
    with pytest.raises(PermissionDenied):
        services.record_step(actor=stranger, lot=lot, step="packed", occurred_at=timezone.now())
    assert Lot.objects.count() == 1 and not EpcisEvent.objects.exists()


def test_duplicate_lot_code_and_bad_dates_are_rejected(f):
    owner, product, lot = gtin_lot(f)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as info:
        services.create_lot(actor=owner, product=product, code=lot.code, produced_on=today, quantity=1)
    assert info.value.errors[0]["code"] == "duplicate"
    with pytest.raises(ValidationFailed) as info:
        services.create_lot(
            actor=owner, product=product, code="B2", produced_on=today, expires_on=today, quantity=-1
        )
    assert {e["field"] for e in info.value.errors} == {"quantity", "expires_on"}


def test_producer_page_creates_lot_and_records_steps_as_epcis(client, f):
    owner = f.user()
    seller = f.seller(owner=owner)
    product = f.product(seller)  # no GTIN: the platform's own identifier
    client.force_login(owner)
    page = client.get(f"/lots/{seller.slug}/")
    assert page.status_code == 200 and "Tạo lô mới" in page.content.decode()
    response = client.post(
        f"/lots/{seller.slug}/",
        {"product": product.pk, "code": "LÔ 1", "produced_on": "2026-01-02", "quantity": "10", "uom": "KGM"},
    )
    assert response.status_code == 200 and "Mã lô chỉ gồm" in response.content.decode()
    response = client.post(
        f"/lots/{seller.slug}/",
        {
            "product": product.pk,
            "code": "HTX-01",
            "produced_on": "2026-01-02",
            "quantity": "10",
            "uom": "KGM",
        },
    )
    lot = Lot.objects.get()
    assert response.status_code == 302
    for step in ("harvested", "processed", "packed"):
        response = client.post(
            f"/lots/{seller.slug}/{lot.pk}/",
            {
                "form": "step",
                "step": step,
                "occurred_at": "2026-01-03T08:00",
                "quantity": "10",
                "uom": "KGM",
                "note": step,
            },
        )
        assert response.status_code == 302
    events = list(EpcisEvent.objects.order_by("pk"))
    assert [e.event_type for e in events] == ["ObjectEvent", "TransformationEvent", "ObjectEvent"]
    assert events[0].original["ilmd"]["cbvmda:lotNumber"] == "HTX-01"
    uri = events[0].original["quantityList"][0]["epcClass"]
    assert "/scan/p/" in uri and "/01/" not in uri  # never a made-up GTIN
    assert events[2].biz_step == "packing"


def test_a_lots_serials_are_paged_not_cut_off(client, f):
    owner, product, lot = gtin_lot(f)
    services.add_serials(actor=owner, lot=lot, serials=[f"SR{i:03}" for i in range(101)])
    client.force_login(owner)
    url = f"/lots/{product.seller.slug}/{lot.pk}/"
    first = client.get(url).content.decode()
    assert "Số sê-ri (101)" in first and "SR099" in first and "SR100" not in first and 'rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert "SR100" in second and "SR099" not in second


def test_stranger_gets_404_on_producer_pages(client, f):
    _owner, product, lot = gtin_lot(f)
    client.force_login(f.user())
    assert client.get(f"/lots/{product.seller.slug}/").status_code == 404
    assert client.get(f"/lots/{product.seller.slug}/{lot.pk}/labels/").status_code == 404


def test_scan_page_shows_journey_and_stays_small(client, f):
    owner, product, lot = gtin_lot(f, origin="Vườn dừa ấp Mỹ Long", certifications=["VietGAP"])
    services.record_step(
        actor=owner,
        lot=lot,
        step="harvested",
        occurred_at=timezone.now(),
        quantity=Decimal(5),
        note="Thu nhựa hoa",
    )
    services.record_step(actor=owner, lot=lot, step="shipped", occurred_at=timezone.now(), note="Đi Cần Thơ")
    response = client.get(scan_url(lot))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) <= 40 * 1024
    assert "Thu hoạch / tạo lô" in html and "Xuất hàng" in html and "Đi Cần Thơ" in html
    assert product.seller.address in html and "VietGAP" in html and "Vườn dừa ấp Mỹ Long" in html
    assert "đã quá hạn" not in html
    assert "<script" not in html.split("</main>")[0]  # works without JavaScript
    assert ScanCount.objects.get(lot=lot).count == 1


def test_scan_page_warns_when_expired(client, f):
    today = timezone.localdate()
    _o, _p, lot = gtin_lot(
        f, produced_on=today - datetime.timedelta(days=400), expires_on=today - datetime.timedelta(days=1)
    )
    assert "Sản phẩm đã quá hạn sử dụng" in client.get(scan_url(lot)).content.decode()


def test_scan_page_shows_revoked_certificate_not_stars(client, f):
    _o, product, lot = gtin_lot(f)
    Certificate.objects.create(
        number="OCOP-R-1",
        product=product,
        stars=5,
        score=92,
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
        status=Certificate.Status.REVOKED,
    )
    html = client.get(scan_url(lot)).content.decode()
    assert "OCOP-R-1 đã bị thu hồi" in html
    assert "OCOP 5 sao" not in html


def test_scan_page_shows_valid_certificate(client, f):
    _o, product, lot = gtin_lot(f)
    Certificate.objects.create(
        number="OCOP-V-1",
        product=product,
        stars=4,
        score=80,
        issued_on=timezone.localdate() - datetime.timedelta(days=10),
        expires_on=timezone.localdate() + datetime.timedelta(days=700),
    )
    assert "OCOP 4 sao" in client.get(scan_url(lot)).content.decode()


def test_unknown_lot_or_serial_is_404(client, f):
    _o, product, lot = gtin_lot(f)
    assert client.get(f"/scan/p/{product.slug}/NOPE").status_code == 404
    assert client.get(scan_url(lot) + "?serial=S9").status_code == 404


def test_serial_scanned_too_often_is_flagged_to_the_producer(client, f, settings):
    owner, product, lot = gtin_lot(f)
    services.add_serials(actor=owner, lot=lot, serials=["S1", "S2"])
    for _ in range(services.SERIAL_SCANS_PER_DAY_ALERT):
        client.get(scan_url(lot, "S1"))
    assert not CounterfeitFlag.objects.exists()
    client.get(scan_url(lot, "S1"))
    client.get(scan_url(lot, "S1"))
    flag = CounterfeitFlag.objects.get()  # one open flag, not one per scan
    assert flag.reason == "too_many_scans" and flag.item.serial == "S1"
    client.force_login(owner)
    page = client.get(f"/lots/{product.seller.slug}/{lot.pk}/").content.decode()
    assert "Nghi hàng giả" in page and "S1" in page


def test_serial_scanned_in_two_countries_within_hours_is_flagged(client, f):
    owner, _product, lot = gtin_lot(f)
    services.add_serials(actor=owner, lot=lot, serials=["S1"])
    client.get(scan_url(lot, "S1"), HTTP_CF_IPCOUNTRY="VN")
    client.get(scan_url(lot, "S1"), HTTP_CF_IPCOUNTRY="VN")
    assert not CounterfeitFlag.objects.exists()
    client.get(scan_url(lot, "S1"), HTTP_CF_IPCOUNTRY="NL")
    assert CounterfeitFlag.objects.get().reason == "far_apart"
    assert SerialItem.objects.get().last_country == "NL"


def test_bad_serials_are_rejected_all_or_nothing(f):
    owner, _p, lot = gtin_lot(f)
    with pytest.raises(ValidationFailed):
        services.add_serials(actor=owner, lot=lot, serials=["OK1", "sê-ri"])
    assert not SerialItem.objects.exists()


def test_lot_history_exports_as_epcis_document(client, f):
    owner, _p, lot = gtin_lot(f)
    services.record_step(actor=owner, lot=lot, step="packed", occurred_at=timezone.now())
    data = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis").json()
    assert data["type"] == "EPCISDocument"
    [event] = data["epcisBody"]["eventList"]
    assert event["bizStep"] == "packing"
    from hangviet.trace.epcis import validate_document

    validate_document(data)  # what we export, we would accept


def test_producer_page_accepts_an_ingredient_lot(client, f):
    """Choosing an ingredient lot used to fail: the choices were cut to 200 before validation."""
    owner = f.user()
    seller = f.seller(owner=owner)
    product = f.product(seller)
    client.force_login(owner)
    base = {"product": product.pk, "produced_on": "2026-01-02", "quantity": "10", "uom": "KGM"}
    assert client.post(f"/lots/{seller.slug}/", {**base, "code": "NL-01"}).status_code == 302
    ingredient = Lot.objects.get(code="NL-01")
    page = client.get(f"/lots/{seller.slug}/").content.decode()
    assert f'value="{ingredient.pk}"' in page
    response = client.post(f"/lots/{seller.slug}/", {**base, "code": "TP-01", "inputs": [ingredient.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Lot.objects.get(code="TP-01").inputs.all()) == [ingredient]


def test_scan_page_names_the_chains_decision_once(client, f):
    """A decision number is shown as written ("112/QĐ-SCT"), never as "QĐ QĐ 112/QĐ-SCT"."""
    _owner, product, lot = gtin_lot(f)
    chain = SupplyChain.objects.create(
        name="Chuỗi mật hoa dừa",
        slug="chuoi-mat-hoa-dua",
        product_type="coconut_nectar",
        decision_number="QĐ 112/QĐ-SCT",
        certified_on=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2030, 1, 1),
        annual_output_tonnes=Decimal(1250),
    )
    ChainMember.objects.create(chain=chain, seller=product.seller, name="HTX", role="processor")
    html = client.get(scan_url(lot)).content.decode()
    assert "QĐ 112/QĐ-SCT" in html and "QĐ QĐ" not in html
