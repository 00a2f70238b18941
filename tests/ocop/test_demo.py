"""The OCOP demo links the foundation's certificates to scored dossiers and opens a round at every stage."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from hangviet.demo.builders import load_demo as load_foundation
from hangviet.ocop import demo
from hangviet.ocop.models import Certificate, Dossier, DossierAttachment, Round, ScoreSheet

pytestmark = pytest.mark.django_db


def test_demo_rounds_dossiers_and_sheets_are_consistent_and_idempotent():
    load_foundation(images=False)
    certificates = Certificate.objects.count()
    demo.load_demo()
    assert Certificate.objects.count() == certificates  # linked, never re-issued
    linked = Certificate.objects.filter(dossier__isnull=False).select_related("dossier")
    assert linked.count() == certificates
    for cert in linked:
        sheets = list(ScoreSheet.objects.filter(dossier=cert.dossier))
        assert len(sheets) == 3
        assert sum(s.total for s in sheets) / 3 == cert.score
        for s in sheets:
            assert sum(Decimal(v) for v in s.scores.values()) == s.total
        assert cert.dossier.status == Dossier.Status.RECOGNISED
        assert cert.dossier.stars == cert.stars
    assert Dossier.objects.filter(rubric__instrument="QĐ 1048/QĐ-TTg").exists()  # rounds before 24/02/2023
    open_round = Round.objects.get(status=Round.Status.OPEN)
    stages = set(open_round.dossiers.values_list("status", flat=True))
    assert {
        "draft",
        "returned",
        "submitted",
        "commune_checked",
        "in_evaluation",
        "scored",
        "not_recognised",
        "proposed",
        "ministry_decided",
    } <= stages
    attachments = list(DossierAttachment.objects.all())
    assert attachments
    for attachment in attachments:  # written the new way: private, under a random name
        assert re.fullmatch(r"ocop/dossiers/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.pdf", attachment.file.name)
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / attachment.file.name).is_file()
        assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()
    counts = (Round.objects.count(), Dossier.objects.count(), ScoreSheet.objects.count())
    demo.load_demo()
    assert (Round.objects.count(), Dossier.objects.count(), ScoreSheet.objects.count()) == counts
