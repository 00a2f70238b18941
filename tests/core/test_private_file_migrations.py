"""The data migrations that made files private (ocop 0005, catalog 0005, promotion 0002) move every file
written the old way (public, under MEDIA_ROOT, often with a guessable name) to the private storage under
a random name, and their reversal moves it back. One test for the three rooms: migrating back and forth
and emptying the database afterwards take seconds, paid once."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hangviet.catalog.models import ImportJob
from hangviet.ocop.models import Dossier, DossierAttachment, Round, Rubric
from hangviet.promotion.models import Mou

PDF = b"%PDF-1.4\n% ho so 107\n%%EOF\n"
XLSX = b"PK\x03\x04 not really a workbook"
CSV = "SKU,Tên\nA,Mật ong\n".encode()
MOU_PDF = b"%PDF-1.4\n% mou\n%%EOF\n"

BEFORE = [
    ("ocop", "0004_criterion_source_ref"),
    ("catalog", "0004_product_listing"),
    ("promotion", "0001_initial"),
]
AFTER = [
    ("ocop", "0005_private_dossier_attachments"),
    ("catalog", "0005_private_import_files"),
    ("promotion", "0002_private_mou_documents"),
]


def migrate_to(targets: list[tuple[str, str]], *, backwards: bool = False) -> None:
    """Backwards one app at a time: unapplying several apps' migrations in one plan makes Django re-render
    every model state from the first of them on (seconds); one by one each takes a fraction of a second."""
    for step in [[target] for target in targets] if backwards else [targets]:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(step)


def write_the_old_way(name: str, content: bytes) -> None:
    """Where the default (public) storage put uploads before the private storage existed."""
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def random_name_in(folder: str, extension: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(folder)}/[A-Za-z0-9_-]{{32}}\.{extension}")


def old_rows(f) -> dict[str, tuple[object, str, str, bytes]]:
    """One row per private field, each naming a file the old way: {key: (row, field, old name, content)}.

    Built here rather than from the migrations' data: a transactional test may follow another that
    emptied the tables."""
    product = f.product(category=f.category())
    rubric = Rubric.objects.create(
        code="thu-nghiem",
        title="Bộ tiêu chí thử nghiệm",
        instrument="QĐ 148/QĐ-TTg",
        instrument_date=datetime.date(2023, 2, 24),
        valid_from=datetime.date(2023, 2, 24),
    )
    round_ = Round.objects.create(
        province=f.province(),
        year=2026,
        number=1,
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    dossier = Dossier.objects.create(
        round=round_, seller=product.seller, product=product, product_set=product.category, rubric=rubric
    )
    rows = {
        "attachment": (
            DossierAttachment(dossier=dossier, title="Phiếu đăng ký", content_type="application/pdf", size=1),
            "file",
            "ocop/dossiers/2026/12/hoso-107.pdf",
            PDF,
        ),
        "xlsx": (
            ImportJob(seller=product.seller, original_name="a.xlsx"),
            "file",
            "imports/2026/12/a.xlsx",
            XLSX,
        ),
        "csv": (
            ImportJob(seller=product.seller, original_name="b.csv"),
            "file",
            "imports/2026/11/b.csv",
            CSV,
        ),
        "mou": (
            Mou(
                supplier_name="HTX A", buyer_name="Co.op", products="Gạo", signed_on=datetime.date(2026, 1, 5)
            ),
            "document",
            "promotion/mous/2026/mou-3f2a9c1b7d4e.pdf",
            MOU_PDF,
        ),
    }
    for row, field, name, _content in rows.values():
        setattr(row, field, name)
        row.save()  # type: ignore[attr-defined]
    return rows


def stored_name(row: object, field: str) -> str:
    return type(row).objects.values_list(field, flat=True).get(pk=row.pk)  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)  # migrations cannot run inside the test's transaction
def test_files_written_the_old_way_move_to_private_storage_and_back(f):
    rows = old_rows(f)
    migrate_to(BEFORE, backwards=True)
    try:
        for _row, _field, name, content in rows.values():
            write_the_old_way(name, content)

        migrate_to(AFTER)

        private = {}
        for key, (row, field, old_name, content) in rows.items():
            private[key] = new_name = stored_name(row, field)
            folder = old_name.rsplit("/", 1)[0]
            assert random_name_in(folder, old_name.rsplit(".", 1)[1]).fullmatch(new_name), (key, new_name)
            assert (Path(settings.PRIVATE_MEDIA_ROOT) / new_name).read_bytes() == content, key
            assert not (Path(settings.MEDIA_ROOT) / old_name).exists(), key
        jobs = ImportJob.objects.order_by("pk").values_list("original_name", "content_type")
        assert list(jobs) == [
            ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("b.csv", "text/csv; charset=utf-8"),
        ]

        migrate_to(BEFORE, backwards=True)

        for key, (row, field, _old_name, content) in rows.items():
            public_name = stored_name(row, field)
            assert public_name == private[key], key  # the random name stays: nothing to guess
            assert (Path(settings.MEDIA_ROOT) / public_name).read_bytes() == content, key
            assert not (Path(settings.PRIVATE_MEDIA_ROOT) / public_name).exists(), key
    finally:
        migrate_to(AFTER)
        # Going back to catalog 0004 also unapplied every later migration that depends on it (catalog's
        # and the network's): the tests after this one need the whole schema again.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
