"""The promotion admin writes through the services: an officer's edit there meets the rules of the pages."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory

from hangviet.promotion import models
from hangviet.promotion.models import BoothApplication, Fair, MouStatusChange, TrainingSession
from hangviet.promotion.services import events, fairs, news, showrooms, sourcing, trips

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(f):
    return f.officer(is_staff=True)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def spy(monkeypatch):
    """spy(module, name) records each call of that service (its name and actor) and lets it run."""
    calls: list[tuple[str, object]] = []

    def watch(module, name):
        real = getattr(module, name)

        def wrapper(**kwargs):
            calls.append((name, kwargs.get("actor")))
            return real(**kwargs)

        monkeypatch.setattr(module, name, wrapper)

    watch.calls = calls
    return watch


def errors_of(response) -> dict[str, list[str]]:
    return response.context["adminform"].form.errors


def _overrides(owner: type, klass: type, name: str) -> bool:
    return getattr(klass, name) is not getattr(owner, name)


def test_every_promotion_admin_writes_through_a_service_or_not_at_all(admin_user):
    """A ModelAdmin (or inline) that may add, change or delete overrides the hooks that write, so a new
    one cannot fall back to the ORM unnoticed."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    bypasses = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "promotion":
            continue
        klass = type(model_admin)
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if writes and not _overrides(admin.ModelAdmin, klass, "save_model"):
            bypasses.append(f"{klass.__name__}.save_model")
        if model_admin.has_delete_permission(request):
            bypasses += [
                f"{klass.__name__}.{hook}"
                for hook in ("delete_model", "delete_queryset")
                if not _overrides(admin.ModelAdmin, klass, hook)
            ]
        for inline in model_admin.get_inline_instances(request):
            inline_writes = (
                inline.has_add_permission(request, None)
                or inline.has_change_permission(request, None)
                or inline.has_delete_permission(request, None)
            )
            if inline_writes and not _overrides(admin.ModelAdmin, klass, "save_formset"):
                bypasses.append(f"{klass.__name__}.save_formset ({type(inline).__name__})")
    assert bypasses == []


def fair_form(f, today, **overrides):
    data = {
        "kind": "fair",
        "name": "Hội chợ OCOP Vĩnh Long",
        "slug": "hoi-cho-ocop-vinh-long",
        "organiser": "Sở Công Thương",
        "venue": "Quảng trường",
        "commune": f.commune().pk,
        "starts_on": today + datetime.timedelta(days=20),
        "ends_on": today + datetime.timedelta(days=24),
        "applications_open_on": today,
        "applications_close_on": today + datetime.timedelta(days=10),
        "is_published": "on",
    }
    return {**data, **overrides}


def test_the_fair_admin_holds_the_rules_of_the_officer_page(f, officer, officer_client, today):
    late = today + datetime.timedelta(days=30)  # after the fair ends: refused by create_fair
    response = officer_client.post(
        "/admin/promotion/fair/add/", fair_form(f, today, applications_close_on=late)
    )
    assert response.status_code == 200
    assert errors_of(response)["applications_close_on"] == ["Hạn đăng ký không được sau ngày kết thúc."]
    assert not Fair.objects.exists()

    response = officer_client.post("/admin/promotion/fair/add/", fair_form(f, today))
    assert response.status_code == 302
    fair = Fair.objects.get()
    assert (fair.slug, fair.province_id, fair.created_by) == ("hoi-cho-ocop-vinh-long", "86", officer)

    change = f"/admin/promotion/fair/{fair.pk}/change/"
    response = officer_client.post(change, fair_form(f, today, applications_close_on=late, name="Đổi tên"))
    assert errors_of(response)["applications_close_on"] == ["Hạn đăng ký không được sau ngày kết thúc."]
    fair.refresh_from_db()
    assert fair.name == "Hội chợ OCOP Vĩnh Long"


def test_a_unit_entered_in_the_admin_is_an_outside_unit_with_its_history(
    f, officer, officer_client, make_fair
):
    fair = make_fair(booths=2, officer=officer)
    data = {"fair": fair.pk, "organisation_name": "Cơ sở bánh pía Tư Lợi", "booths_wanted": 1, "note": ""}
    assert officer_client.post("/admin/promotion/boothapplication/add/", data).status_code == 302
    application = BoothApplication.objects.get()
    assert (application.seller_id, application.applied_by, application.status) == (None, officer, "submitted")
    assert application.changes.get().to_status == "submitted"

    change = f"/admin/promotion/boothapplication/{application.pk}/change/"
    response = officer_client.post(change, {"visitors": "1.200", "sales_vnd": "15.000.000"})
    assert errors_of(response)["__all__"] == ["Chỉ ghi kết quả cho đơn vị đã được xếp gian hàng."]
    application.refresh_from_db()
    assert application.visitors is None

    fairs.approve_application(actor=officer, application=application)
    assert officer_client.post(change, {"visitors": "1.200", "sales_vnd": "15.000.000"}).status_code == 302
    application.refresh_from_db()
    assert (application.visitors, application.sales_vnd) == (1200, 15_000_000)


def test_the_mou_admin_moves_a_status_only_along_the_follow_up(f, officer, officer_client, today):
    trip = trips.create_trip(
        actor=officer,
        name="Kết nối Cần Thơ",
        organiser="Sở",
        destination="Cần Thơ",
        starts_on=today,
        ends_on=today,
    )
    mou = trips.record_mou(
        actor=officer, trip=trip, supplier_name="HTX A", buyer_name="Co.op", products="Gạo", signed_on=today
    )
    data = {
        "trip": trip.pk,
        "supplier_name": "HTX A",
        "buyer_name": "Co.op",
        "products": "Gạo thơm",
        "volume": "",
        "value_vnd": "0",
        "signed_on": today,
    }
    change = f"/admin/promotion/mou/{mou.pk}/change/"
    response = officer_client.post(change, {**data, "status": "completed"})
    assert errors_of(response)["status"] == ["Không thể chuyển sang trạng thái này."]
    mou.refresh_from_db()
    assert (mou.status, mou.products) == ("signed", "Gạo")

    assert officer_client.post(change, {**data, "status": "in_execution"}).status_code == 302
    mou.refresh_from_db()
    assert (mou.status, mou.products) == ("in_execution", "Gạo thơm")
    change_row = MouStatusChange.objects.filter(mou=mou).order_by("pk").last()
    assert (change_row.from_status, change_row.to_status, change_row.actor) == (
        "signed",
        "in_execution",
        officer,
    )


def test_training_is_recorded_edited_and_removed_through_its_services(officer, officer_client, spy, today):
    for name in ("record_training", "update_training", "delete_training"):
        spy(events, name)
    data = {"topic": "Tập huấn TMĐT", "held_on": today, "place": "Sở", "organiser": "Sở", "audience": "HTX"}
    officer_client.post("/admin/promotion/trainingsession/add/", {**data, "series": "", "attendance": "40"})
    session = TrainingSession.objects.get()
    officer_client.post(
        f"/admin/promotion/trainingsession/{session.pk}/change/", {**data, "series": "", "attendance": "45"}
    )
    session.refresh_from_db()
    assert session.attendance == 45
    officer_client.post(f"/admin/promotion/trainingsession/{session.pk}/delete/", {"post": "yes"})
    assert not TrainingSession.objects.exists()
    assert spy.calls == [
        ("record_training", officer),
        ("update_training", officer),
        ("delete_training", officer),
    ]


def management(prefix: str, total: int, initial: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_a_trip_and_its_participants_are_entered_through_the_services(f, officer, officer_client, spy, today):
    spy(trips, "create_trip")
    spy(trips, "add_trip_participant")
    data = {
        "name": "Kết nối Hà Nội",
        "slug": "ket-noi-ha-noi",
        "organiser": "Sở Công Thương",
        "destination": "Hà Nội",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=2),
        "meetings_held": "4",
        **management("participants", 1),
        "participants-0-role": "buyer",
        "participants-0-organisation_name": "Bách hoá Xanh",
    }
    assert officer_client.post("/admin/promotion/trip/add/", data).status_code == 302
    trip = models.Trip.objects.get()
    assert list(trip.participants.values_list("organisation_name", flat=True)) == ["Bách hoá Xanh"]
    assert spy.calls == [("create_trip", officer), ("add_trip_participant", officer)]


def test_a_showroom_its_staff_and_its_prices_are_set_through_the_services(f, officer, officer_client, spy):
    spy(showrooms, "create_showroom")
    spy(showrooms, "set_showroom_price")
    cashier = f.user()
    data = {
        "name": "Cửa hàng OCOP Cồn Chim",
        "slug": "con-chim",
        "site": "Cồn Chim",
        "street": "Ấp Cồn Chim",
        "commune": f.commune().pk,
        "opening_hours": "7:00–21:00",
        "commission_bp": "1000",
        "is_active": "on",
        "staff": [cashier.pk],
        **management("items", 0),
    }
    assert officer_client.post("/admin/promotion/showroom/add/", data).status_code == 302
    room = models.Showroom.objects.get()
    assert list(room.staff.all()) == [cashier]
    seller = f.seller()
    product = f.product(seller, price_vnd=45000)
    showrooms.receive_consignment(actor=officer, showroom=room, seller=seller, lines=[(product, 3)])
    item = room.items.get()
    priced = {
        **data,
        **management("items", 1, initial=1),
        "items-0-id": item.pk,
        "items-0-showroom": room.pk,
        "items-0-price_vnd": "50.000",
    }
    assert officer_client.post(f"/admin/promotion/showroom/{room.pk}/change/", priced).status_code == 302
    item.refresh_from_db()
    assert item.price_vnd == 50000
    assert spy.calls == [("create_showroom", officer), ("set_showroom_price", officer)]


def test_certifications_and_news_are_removed_through_their_services(f, officer, officer_client, spy):
    spy(sourcing, "remove_certification")
    spy(news, "delete_news_post")
    certification = sourcing.record_certification(actor=officer, seller=f.seller(), kind="vietgap")
    post = news.save_news_post(actor=officer, post=models.NewsPost(title="Tin", body="<p>x</p>"))
    officer_client.post(f"/admin/promotion/suppliercertification/{certification.pk}/delete/", {"post": "yes"})
    officer_client.post(
        "/admin/promotion/newspost/",
        {"action": "delete_selected", "_selected_action": [post.pk], "post": "yes"},
    )
    assert not models.SupplierCertification.objects.exists() and not models.NewsPost.objects.exists()
    assert spy.calls == [("remove_certification", officer), ("delete_news_post", officer)]
