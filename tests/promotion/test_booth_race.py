"""20 officers approve 20 applications at once for 10 booths: no booth is ever given twice."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from hangviet.promotion.models import Booth, BoothApplication
from hangviet.promotion.services import fairs
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_approvals_never_double_book():
    today = timezone.localdate()
    officer = f.officer()
    fair = fairs.create_fair(
        actor=officer,
        kind="fair",
        name="Hội chợ đua",
        organiser="Sở Công Thương",
        venue="Sân vận động",
        commune=f.commune(),
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=12),
        applications_open_on=today - datetime.timedelta(days=1),
        applications_close_on=today + datetime.timedelta(days=5),
    )
    fairs.add_booth_grid(actor=officer, fair=fair, rows=2, columns=5)
    applications = []
    for _ in range(20):
        seller = f.seller()
        applications.append(
            fairs.apply_for_booths(actor=seller.memberships.get().user, fair=fair, seller=seller)
        )
    officers = [f.officer() for _ in range(20)]
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def approve(officer, application):
        try:
            barrier.wait()
            fairs.approve_application(actor=officer, application=application)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(officers, applications, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    statuses = list(BoothApplication.objects.filter(fair=fair).values_list("status", flat=True))
    assert statuses.count("approved") == 10
    assert statuses.count("waitlisted") == 10
    booths = list(Booth.objects.filter(fair=fair))
    assert all(b.application_id for b in booths)
    assert len({b.application_id for b in booths}) == 10  # each approved unit holds exactly one booth
    approved = set(BoothApplication.objects.filter(fair=fair, status="approved").values_list("pk", flat=True))
    assert {b.application_id for b in booths} == approved
