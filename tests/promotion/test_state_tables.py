"""The MoU follow-up against a table written out by hand from docs/promotion.md (signed → in execution →
completed, or lapsed from either; completed and lapsed are final): never derived from MOU_TRANSITIONS."""

import datetime

import pytest

from hangviet.promotion.errors import InvalidTransition
from hangviet.promotion.models import Mou
from hangviet.promotion.services import trips

pytestmark = pytest.mark.django_db

STATUSES = ("signed", "in_execution", "completed", "lapsed")
MOU_MOVES = {
    "signed": {"in_execution", "lapsed"},
    "in_execution": {"completed", "lapsed"},
    "completed": set(),
    "lapsed": set(),
}


def test_the_table_names_every_status():
    assert set(STATUSES) == set(Mou.Status.values)


def test_every_move_of_an_mou_follows_the_table(f):
    officer = f.officer()
    today = datetime.date(2026, 5, 4)
    trip = trips.create_trip(
        actor=officer,
        name="Kết nối cung cầu",
        organiser="Sở Công Thương",
        destination="Cần Thơ",
        starts_on=today,
        ends_on=today,
    )
    mou = trips.record_mou(
        actor=officer,
        trip=trip,
        supplier_name="HTX A",
        buyer_name="Co.op",
        products="Gạo",
        value_vnd=1,
        signed_on=today,
    )
    for frm in STATUSES:
        for to in STATUSES:
            Mou.objects.filter(pk=mou.pk).update(status=frm)
            changes = mou.changes.count()
            if to in MOU_MOVES[frm]:
                moved = trips.change_mou_status(actor=officer, mou=mou, to_status=to, note="theo dõi")
                assert Mou.objects.get(pk=mou.pk).status == to == moved.status
                change = mou.changes.latest("pk")
                assert (change.from_status, change.to_status, change.note) == (frm, to, "theo dõi")
            else:
                with pytest.raises(InvalidTransition):
                    trips.change_mou_status(actor=officer, mou=mou, to_status=to)
                assert Mou.objects.get(pk=mou.pk).status == frm
                assert mou.changes.count() == changes
