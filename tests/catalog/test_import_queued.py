"""An import job and its task are written in one transaction (database task backend): an accepted upload
is always imported, even if the process dies right after the commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.catalog.imports import write

from .test_import import row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_an_accepted_upload_has_its_import_task_in_the_same_transaction(database_tasks, f):
    f.commune("29242")
    owner = f.user()
    seller = f.seller(owner=owner)
    job = write.start_import(
        actor=owner, seller=seller, uploaded_file=SimpleUploadedFile("a.xlsx", xlsx_bytes([row()]))
    )
    assert database_tasks("hangviet.catalog.tasks.import_products") == [[job.pk]]
