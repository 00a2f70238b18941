"""Reads of the network reused by pages and the reports room."""

import datetime

from django.db.models import QuerySet

from hangviet.network.models import Peer


def peers_linked_before(end_at: datetime.datetime) -> QuerySet[Peer]:
    """Other provinces' nodes linked with this one at `end_at` (an aware instant): confirmed before it and
    not suspended now: the records of the indicator "tỉnh, thành liên kết với sàn của tỉnh"."""
    return Peer.objects.filter(
        status=Peer.Status.ACTIVE, confirmed_at__isnull=False, confirmed_at__lt=end_at
    ).order_by("province_code", "name")
