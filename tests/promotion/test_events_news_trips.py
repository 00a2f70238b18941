import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from hangviet.core.errors import ValidationFailed
from hangviet.promotion import exports, queries
from hangviet.promotion.errors import InvalidTransition
from hangviet.promotion.models import Mou, NewsPost, TrainingSession, Trip
from hangviet.promotion.services import events, news, trips

pytestmark = pytest.mark.django_db


def test_ical_escapes_folds_and_ends_lines_with_crlf():
    event = queries.Event(
        uid="fair-1",
        title="Hội chợ OCOP; hàng Việt, chất lượng cao \\ 2026 – phiên chợ đưa hàng Việt về nông thôn",
        kind="Hội chợ",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 5),
        place="Quảng trường\nTrà Vinh",
        url="/fairs/x/",
    )
    body = exports.icalendar([event], base_url="https://hangviet.example", name="Lịch", now=timezone.now())
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Hội chợ OCOP\\; hàng Việt\\, chất lượng cao \\\\ 2026 – phiên chợ" in unfolded
    assert "LOCATION:Quảng trường\\nTrà Vinh" in unfolded
    assert "DTSTART;VALUE=DATE:20261201" in unfolded and "DTEND;VALUE=DATE:20261206" in unfolded
    assert "UID:fair-1@hangviet.example" in unfolded
    assert exports.ical_fold("a" * 75) == "a" * 75
    assert exports.ical_fold("ệ" * 30).split("\r\n ")[0] == "ệ" * 25  # 3-byte characters are never split


def test_calendar_page_and_feed_list_upcoming_fairs_and_training(client, make_fair, today):
    fair = make_fair(name="Phiên chợ Ngũ Lạc", kind="market_session")
    make_fair(
        name="Hội chợ đã qua",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=28),
        applications_open_on=today - datetime.timedelta(days=60),
        applications_close_on=today - datetime.timedelta(days=40),
    )
    TrainingSession.objects.create(
        topic="Tập huấn Cuộc vận động",
        held_on=today + datetime.timedelta(days=3),
        place="Hội trường",
        organiser="UBMTTQ tỉnh",
        audience="Cán bộ Mặt trận",
        attendance=0,
    )
    page = client.get(reverse("promotion:events")).content.decode()
    assert "Phiên chợ Ngũ Lạc" in page and "Tập huấn Cuộc vận động" in page and "Hội chợ đã qua" not in page
    response = client.get(reverse("promotion:events_ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode().replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == 2 and f"/fairs/{fair.slug}/" in body
    assert [e["title"] for e in client.get("/api/v1/events").json()["items"]] == [
        "Tập huấn Cuộc vận động",
        "Phiên chợ Ngũ Lạc",
    ]


def test_the_calendar_and_the_trainings_are_paged_not_cut_off(client, today):
    TrainingSession.objects.bulk_create(
        TrainingSession(
            topic=f"Buoi {i:03}",
            held_on=today + datetime.timedelta(days=i),
            place="Hội trường",
            organiser="Sở Công Thương",
            audience="Cán bộ",
            attendance=0,
        )
        for i in range(31)
    )
    first = client.get(reverse("promotion:events")).content.decode()
    assert first.count("Buoi ") == 30 and "Buoi 030" not in first and 'rel="next"' in first
    second = client.get(reverse("promotion:events"), {"page": "2"}).content.decode()
    assert second.count("Buoi ") == 1 and "Buoi 030" in second
    trainings = client.get(reverse("promotion:trainings"), {"page": "2"}).content.decode()
    assert trainings.count("Buoi ") == 1 and "Buoi 000" in trainings  # newest first: the earliest is last
    api = client.get("/api/v1/events", {"page": "2", "page_size": "20"}).json()
    assert (
        api["count"] == 31
        and [e["title"] for e in api["items"]][-1] == "Buoi 030"
        and len(api["items"]) == 11
    )
    assert client.get(reverse("promotion:events_ics")).content.decode().count("BEGIN:VEVENT") == 31


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_mou_needs_a_real_pdf_and_follows_its_lifecycle(f, today):
    officer = f.officer()
    trip = trips.create_trip(
        actor=officer,
        name="Kết nối cung cầu TP.HCM",
        organiser="Sở Công Thương",
        destination="TP. Hồ Chí Minh",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
    )
    fields = {
        "supplier_name": "HTX A",
        "buyer_name": "Saigon Co.op",
        "products": "Gạo",
        "value_vnd": 1,
        "signed_on": today,
    }
    fake = SimpleUploadedFile("mou.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        trips.record_mou(actor=officer, trip=trip, document=fake, **fields)
    assert exc.value.errors[0]["code"] == "not_pdf" and not Mou.objects.exists()
    with pytest.raises(PermissionDenied):
        trips.record_mou(actor=f.user(), trip=trip, **fields)
    mou = trips.record_mou(
        actor=officer,
        trip=trip,
        document=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        **fields,
    )
    assert mou.document.read().startswith(b"%PDF-")
    with pytest.raises(InvalidTransition):
        trips.change_mou_status(actor=officer, mou=mou, to_status="completed")
    trips.change_mou_status(actor=officer, mou=mou, to_status="in_execution")
    mou = trips.change_mou_status(actor=officer, mou=mou, to_status="completed")
    assert mou.status == "completed" and mou.changes.count() == 3


def test_trip_page_records_an_mou_for_officers_only(client, f, today):
    officer = f.officer()
    trip = Trip.objects.create(
        name="Chuyến Cần Thơ",
        slug="can-tho",
        organiser="Sở",
        destination="Cần Thơ",
        starts_on=today,
        ends_on=today,
    )
    data = {
        "supplier_name": "HTX B",
        "buyer_name": "Bách hoá Xanh",
        "products": "Rau",
        "value_vnd": 5,
        "signed_on": str(today),
    }
    client.force_login(f.user())
    assert client.post(reverse("promotion:trip", args=["can-tho"]), data).status_code == 403
    client.force_login(officer)
    bad = client.post(
        reverse("promotion:trip", args=["can-tho"]),
        {**data, "document": SimpleUploadedFile("x.pdf", b"GIF89a")},
    )
    assert bad.status_code == 200 and "Tệp không phải PDF." in bad.content.decode()
    ok = client.post(
        reverse("promotion:trip", args=["can-tho"]), {**data, "document": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert ok.status_code == 302 and trip.mous.count() == 1
    assert "1 biên bản/hợp đồng" in client.get(reverse("promotion:trips")).content.decode()


def test_news_is_sanitised_listed_and_available_to_the_home_page(client, f):
    officer = f.officer()
    post = news.save_news_post(
        actor=officer,
        post=NewsPost(
            title="Khai mạc hội chợ OCOP",
            body="<p>Hôm nay</p><script>alert(1)</script>",
            published_at=timezone.now(),
        ),
    )
    NewsPost.objects.create(title="Nháp", slug="nhap", body="x")  # unpublished
    assert "<script>" not in post.body and post.slug == "khai-mac-hoi-cho-ocop"
    with pytest.raises(PermissionDenied):
        news.save_news_post(actor=f.user(), post=NewsPost(title="x", body="y"))
    assert [p.title for p in queries.latest_news(5)] == ["Khai mạc hội chợ OCOP"]
    assert "Khai mạc hội chợ OCOP" in client.get(reverse("promotion:news")).content.decode()
    assert client.get(reverse("promotion:news_detail", args=["nhap"])).status_code == 404
    html = Template("{% load promotion %}{% home_news 3 %}").render(Context({}))
    assert "Khai mạc hội chợ OCOP" in html and reverse("promotion:news") in html
    include = Template('{% include "promotion/_home_news.html" %}').render(
        Context({"news": queries.latest_news(1)})
    )
    assert "Khai mạc hội chợ OCOP" in include


def test_public_pages_answer(client, make_fair):
    fair = make_fair()
    for name, args in [
        ("fairs", []),
        ("fair", [fair.slug]),
        ("buy_requests", []),
        ("showrooms", []),
        ("trips", []),
        ("news", []),
        ("trainings", []),
        ("contests", []),
        ("events", []),
    ]:
        assert client.get(reverse(f"promotion:{name}", args=args)).status_code == 200, name


def _trip(officer, today, **kw):
    fields = {
        "name": "Kết nối giao thương Hà Nội",
        "organiser": "Sở Công Thương",
        "destination": "Hà Nội",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=3),
    }
    return trips.create_trip(actor=officer, **{**fields, **kw})


def test_a_trip_keeps_its_address_and_its_dates_in_order_when_edited(f, today):
    officer = f.officer()
    trip = _trip(officer, today, slug="ket-noi-ha-noi-2022")
    assert trip.slug == "ket-noi-ha-noi-2022"
    assert _trip(officer, today).slug == "ket-noi-giao-thuong-ha-noi"
    with pytest.raises(ValidationFailed) as caught:
        trips.update_trip(actor=officer, trip=trip, ends_on=today - datetime.timedelta(days=1))
    assert caught.value.errors[0]["code"] == "before_start"
    with pytest.raises(PermissionDenied):
        trips.update_trip(actor=f.user(), trip=trip, meetings_held=3)
    assert trips.update_trip(actor=officer, trip=trip, meetings_held=3).meetings_held == 3


def test_officers_list_who_went_on_a_trip(f, today):
    officer = f.officer()
    trip = _trip(officer, today)
    seller = f.seller(trading_name="HTX Mật hoa dừa")
    with pytest.raises(PermissionDenied):
        trips.add_trip_participant(actor=f.user(), trip=trip, role="buyer", organisation_name="Bách hoá Xanh")
    with pytest.raises(ValidationFailed) as caught:
        trips.add_trip_participant(actor=officer, trip=trip, role="guest", organisation_name="Bách hoá Xanh")
    assert caught.value.errors[0]["field"] == "role"
    supplier = trips.add_trip_participant(
        actor=officer, trip=trip, role="supplier", seller=seller, organisation_name="HTX Mật hoa dừa"
    )
    buyer = trips.add_trip_participant(actor=officer, trip=trip, role="buyer", organisation_name="Bách hoá X")
    trips.update_trip_participant(actor=officer, participant=buyer, organisation_name="Bách hoá Xanh")
    trips.remove_trip_participant(actor=officer, participant=supplier)
    assert list(trip.participants.values_list("organisation_name", flat=True)) == ["Bách hoá Xanh"]


def test_an_mous_details_are_corrected_but_its_status_only_moves_forward(f, today):
    officer = f.officer()
    mou = trips.record_mou(
        actor=officer,
        trip=_trip(officer, today),
        supplier_name="HTX A",
        buyer_name="Saigon Co.op",
        products="Gạo",
        signed_on=today,
    )
    fake = SimpleUploadedFile("mou.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as caught:
        trips.update_mou(actor=officer, mou=mou, document=fake, products="Gạo thơm")
    assert caught.value.errors[0]["code"] == "not_pdf"
    with pytest.raises(ValueError):
        trips.update_mou(actor=officer, mou=mou, status="completed")
    with pytest.raises(PermissionDenied):
        trips.update_mou(actor=f.user(), mou=mou, products="Gạo thơm")
    supplier = f.seller()
    mou = trips.update_mou(actor=officer, mou=mou, products="Gạo thơm", supplier=supplier, supplier_name="")
    assert (mou.products, mou.supplier_name, mou.status) == ("Gạo thơm", supplier.legal_name, "signed")


def test_officers_keep_training_contests_and_news(f, today):
    officer, visitor = f.officer(), f.user()
    fields = {"topic": "Tập huấn TMĐT", "held_on": today, "place": "Sở", "organiser": "Sở", "audience": "HTX"}
    session = events.record_training(actor=officer, attendance=40, **fields)
    with pytest.raises(PermissionDenied):
        events.update_training(actor=visitor, session=session, attendance=45)
    events.update_training(actor=officer, session=session, attendance=45)
    assert queries.training_totals() == {"sessions": 1, "attendance": 45}
    events.delete_training(actor=officer, session=session)
    assert queries.training_totals() == {"sessions": 0, "attendance": 0}

    contest = events.create_contest(
        actor=officer, name="Tôi yêu hàng Việt Nam", organiser="Ban Chỉ đạo", starts_on=today, ends_on=today
    )
    assert contest.slug == "toi-yeu-hang-viet-nam"
    with pytest.raises(PermissionDenied):
        events.add_contest_entry(actor=visitor, contest=contest, entrant="A", title="Bài 1")
    entry = events.add_contest_entry(actor=officer, contest=contest, entrant="A", title="Bài 1")
    events.update_contest_entry(actor=officer, entry=entry, prize="Giải Nhất")
    events.add_contest_entry(actor=officer, contest=contest, entrant="B", title="Bài 2")
    loser = contest.entries.get(entrant="B")
    events.remove_contest_entry(actor=officer, entry=loser)
    events.update_contest(actor=officer, contest=contest, name="Tôi yêu hàng Việt")
    [shown] = queries.contests_with_entries()
    assert (shown.name, shown.entry_count, shown.entries.get().is_winner) == ("Tôi yêu hàng Việt", 1, True)

    post = news.save_news_post(
        actor=officer, post=NewsPost(title="Tin", body="<p>x</p>", published_at=timezone.now())
    )
    with pytest.raises(PermissionDenied):
        news.delete_news_post(actor=visitor, post=post)
    news.delete_news_post(actor=officer, post=post)
    assert not queries.published_news().exists()
