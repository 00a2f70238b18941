"""`hangviet demo`: realistic, deterministic, idempotent demo data on the real administrative units."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone
from stdnum import ean
from stdnum.vn import mst

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product, ProductImage, StockMove
from hangviet.core.models import Commune
from hangviet.demo import builders, content
from hangviet.ocop import queries
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units_loaded() -> None:
    """The demo needs the administrative units, which core's data migration loads: without them the
    migration is broken, a failure rather than a reason to skip."""
    assert Commune.objects.exists(), "administrative units not loaded: core's data migration did not run"


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def group_of(category: Category) -> str:
    return category.code.split(".")[0]


def sellers_of_every_kind_in_real_communes_of_vinh_long() -> None:
    sellers = Seller.objects.filter(is_demo=True).select_related("commune")
    assert sellers.count() >= 60
    kinds = Counter(s.kind for s in sellers)
    assert set(kinds) == set(Seller.Kind.values)
    assert all(n >= 5 for n in kinds.values())
    statuses = Counter(s.status for s in sellers)
    assert statuses["verified"] >= 50 and statuses["pending"] >= 2 and statuses["rejected"] == 1
    assert Seller.objects.get(is_demo=True, status="rejected").rejection_reason
    for seller in sellers:
        assert seller.province_id == "86" == seller.commune.province_id
        assert seller.commune_id in content.COMMUNES
        assert mst.is_valid(seller.tax_code)
        assert seller.bank_bin in content.BANK_BINS and seller.bank_account.isdigit()
        assert "Dữ liệu minh hoạ" in seller.description
        assert seller.memberships.filter(role=Membership.Role.OWNER).exists()
    former = Counter(content.COMMUNES[s.commune_id][1] for s in sellers)
    assert former["Trà Vinh"] > former["Bến Tre"] + former["Vĩnh Long"]


def products_over_all_six_ocop_groups() -> None:
    products = list(Product.objects.filter(seller__is_demo=True).select_related("category", "seller"))
    assert len(products) >= 600
    groups = Counter(group_of(p.category) for p in products)
    assert set(groups) == {"I", "II", "III", "IV", "V", "VI"}
    assert len({p.slug for p in products}) == len(products)
    with_gtin = [p for p in products if p.gtin]
    assert 0.35 * len(products) <= len(with_gtin) <= 0.65 * len(products)
    for p in with_gtin:
        assert len(p.gtin) == 14 and p.gtin.startswith("0952") and ean.is_valid(p.gtin)
    assert any(p.name.startswith("Mật hoa dừa") for p in products)
    assert any("Trà Cuôn" in p.name for p in products)
    assert all(p.name_folded and p.search_text and p.price_vnd > 0 for p in products)
    assert "<script" not in "".join(p.description for p in products)
    # every unit of stock is accounted for by stock moves (initial stock, then the demo's orders)
    moved = dict(
        StockMove.objects.filter(product__seller__is_demo=True)
        .values("product_id")
        .annotate(total=Sum("delta"))
        .values_list("product_id", "total")
    )
    assert all(moved.get(p.pk, 0) == p.stock for p in products)


def certificates_follow_the_reports_proportions_and_set_product_stars() -> None:
    certs = list(Certificate.objects.filter(product__seller__is_demo=True))
    assert len({c.product_id for c in certs}) == 104  # the seed report's products, with their renewals
    renewals = [c for c in certs if c.replaces_id is not None]
    assert all(c.replaces.product_id == c.product_id and c.replaces.issued_on < c.issued_on for c in renewals)
    stars = Counter(c.stars for c in certs)
    assert abs(stars[3] / len(certs) - 0.80) <= 0.05
    assert abs(stars[4] / len(certs) - 0.15) <= 0.05
    assert abs(stars[5] / len(certs) - 0.05) <= 0.03
    bands = {3: (50, 70), 4: (70, 90), 5: (90, 100.01)}
    for cert in certs:
        low, high = bands[cert.stars]
        assert low <= cert.score < high
        assert cert.number.startswith(f"OCOP-86-{cert.issued_on.year}-")
        assert 2021 <= cert.issued_on.year <= 2026
    today = timezone.localdate()
    states = Counter(c.status_on(today) for c in certs)
    assert states["expiring"] >= 3 and states["expired"] >= 5 and states["revoked"] >= 1
    # Product.ocop_stars is the stars of the best certificate in force, 0 otherwise
    current = queries.current_certificates(p.pk for p in Product.objects.filter(seller__is_demo=True))
    for pk, stars_now in Product.objects.filter(seller__is_demo=True).values_list("pk", "ocop_stars"):
        assert stars_now == (current[pk].stars if pk in current else 0)
    assert Product.objects.filter(seller__is_demo=True, ocop_stars=5).exists()


def accounts_exist_and_can_log_in(client, output: str) -> None:
    for email in ("officer@demo.hangviet.vn", "seller@demo.hangviet.vn", "admin@demo.hangviet.vn"):
        assert email in output
        assert client.login(username=email, password=content.DEMO_PASSWORD), email
        client.logout()
    assert content.DEMO_PASSWORD in output
    assert User.objects.get(email="officer@demo.hangviet.vn").is_officer
    assert User.objects.get(email="admin@demo.hangviet.vn").is_superuser
    owned = Seller.objects.get(memberships__user__email="seller@demo.hangviet.vn", memberships__role="owner")
    assert owned.kind == Seller.Kind.COOPERATIVE and owned.status == Seller.Status.VERIFIED
    assert owned.products.filter(name__startswith="Mật hoa dừa").exists()
    assert not client.login(username="seller@demo.hangviet.vn", password="wrong-password")


def test_one_load_of_the_demo_holds_what_it_promises(client):
    """One load (the demo takes seconds), each promise checked by its own function above."""
    output = run_demo("--no-images")
    sellers_of_every_kind_in_real_communes_of_vinh_long()
    products_over_all_six_ocop_groups()
    certificates_follow_the_reports_proportions_and_set_product_stars()
    accounts_exist_and_can_log_in(client, output)


def counts() -> dict[str, int]:
    models = (User, Seller, Membership, Product, ProductImage, StockMove, Certificate)
    return {m.__name__: m.objects.count() for m in models}


def test_second_run_creates_nothing_and_changes_nothing():
    run_demo()
    first = counts()
    snapshot = list(Product.objects.order_by("pk").values("slug", "sku", "price_vnd", "stock", "ocop_stars"))
    assert first["ProductImage"] >= 600
    output = run_demo()
    assert counts() == first
    assert list(Product.objects.order_by("pk").values("slug", "sku", "price_vnd", "stock", "ocop_stars")) == (
        snapshot
    )
    assert "nothing to do" in output


def test_demo_is_deterministic():
    a = builders.product_specs(builders.seller_specs())
    b = builders.product_specs(builders.seller_specs())
    assert [(p.slug, p.sku, p.price_vnd, p.gtin) for p in a] == [
        (p.slug, p.sku, p.price_vnd, p.gtin) for p in b
    ]
    plans = builders.certificate_plans(builders.seller_specs(), a, timezone.localdate())
    firsts = [p for p in plans if not p.is_renewal]
    assert Counter(p.stars for p in firsts) == Counter({3: 83, 4: 15, 5: 6})
    assert sum(1 for p in firsts if p.issued_on.year == 2022) == 28


def test_demo_fails_clearly_when_units_are_missing(monkeypatch):
    monkeypatch.setitem(content.COMMUNES, "99999", ("Xã Không Có", "Trà Vinh"))
    with pytest.raises(CommandError, match="administrative units not loaded"):
        run_demo("--no-images")
    assert not Seller.objects.filter(is_demo=True).exists()


def test_demo_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("HANGVIET_DEMO", "0")
    assert "skipped" in run_demo()
    assert not Seller.objects.exists()
    assert not Product.objects.exists()
