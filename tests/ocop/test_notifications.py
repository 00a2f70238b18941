"""The certificate-expiry notice is a task written in the same transaction that marks the certificate
notified (database task backend): a certificate is never marked notified without its email queued."""

import datetime

import pytest
from django.db import transaction

from hangviet.ocop import services
from hangviet.ocop.models import Certificate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


class Crash(Exception):
    pass


def test_the_expiry_notice_is_queued_with_the_mark_and_rolls_back_with_it(database_tasks, f):
    lapse = services.add_months(TODAY, -36)
    soon = services.issue_certificate(
        actor=f.officer(),
        product=f.product(),
        number="N-1",
        stars=3,
        score="60",
        issued_on=lapse + datetime.timedelta(days=20),
    )
    with pytest.raises(Crash), transaction.atomic():
        services.notify_expiring_certificates(TODAY)
        raise Crash
    assert database_tasks("hangviet.ocop.tasks.send_certificate_expiring") == []
    assert Certificate.objects.get(pk=soon.pk).expiry_notified_at is None

    assert services.notify_expiring_certificates(TODAY) == 1
    assert database_tasks("hangviet.ocop.tasks.send_certificate_expiring") == [[soon.pk]]
