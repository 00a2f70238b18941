"""The import job: a seller uploads a file, the worker validates every row and writes all rows in one
transaction (products and their stock moves), or none."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.imports.parse import (
    COLUMN_BY_KEY,
    ImportRejected,
    check_deadline,
    check_upload,
    read_bounds,
    read_sheet,
    row_error,
    row_limit,
)
from hangviet.catalog.imports.validate import ProductRow, RowValidator
from hangviet.catalog.models import ImportJob, Product
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.services import sanitize_description
from hangviet.catalog.stock import record_initial_stock, set_counted_stock
from hangviet.catalog.versions import catalog_changed
from hangviet.core import spreadsheets
from hangviet.core.errors import ValidationFailed, invalid
from hangviet.core.limits import max_length
from hangviet.core.spreadsheets import ReadCounters
from hangviet.core.text import unique_slugs
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage

logger = logging.getLogger(__name__)

# A shop an officer has not verified yet can try the import, not load the worker: any new account can
# open a shop. A verified shop's daily count bounds one seller's share of the imports queue.
PENDING_IMPORTS_PER_DAY = 5
IMPORTS_PER_DAY = 50
IMPORT_WINDOW = datetime.timedelta(hours=24)
PROGRESS_EVERY = 100
# A file with thousands of bad rows lists this many errors, then one line saying how many more there are.
MAX_LISTED_ERRORS = 1000


def daily_limit(seller: Seller) -> int:
    """The most imports this shop may start in 24 hours."""
    return IMPORTS_PER_DAY if seller.status == Seller.Status.VERIFIED else PENDING_IMPORTS_PER_DAY


def _listed(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_LISTED_ERRORS errors, and a last line saying how many more there are."""
    if len(errors) <= MAX_LISTED_ERRORS:
        return errors
    more = len(errors) - MAX_LISTED_ERRORS
    return [
        *errors[:MAX_LISTED_ERRORS],
        row_error(
            None,
            None,
            "more_errors",
            _("Còn %(count)s lỗi khác không liệt kê ở đây; hãy sửa các lỗi trên rồi tải tệp lên lại.")
            % {"count": more},
        ),
    ]


@transaction.atomic
def start_import(*, actor: User, seller: Seller, uploaded_file: UploadedFile) -> ImportJob:
    """A seller member uploads a product file; it is checked, stored, and imported by the worker (on the
    "imports" queue, so a long import never delays an order email). A shop starts at most
    `daily_limit(seller)` imports in 24 hours."""
    ensure_can_manage(actor, seller)
    kind = check_upload(uploaded_file)
    # The shop's row lock makes the count and the new job one step: two uploads at once cannot both
    # take the last place of the day.
    locked = Seller.objects.select_for_update().get(pk=seller.pk)
    allowed = daily_limit(locked)
    if (
        ImportJob.objects.filter(seller=locked, created_at__gte=timezone.now() - IMPORT_WINDOW).count()
        >= allowed
    ):
        if locked.status == Seller.Status.VERIFIED:
            message = _("Cửa hàng đã nhập %(n)s tệp trong 24 giờ qua, mức tối đa; hãy thử lại sau.") % {
                "n": allowed
            }
        else:
            message = _(
                "Cửa hàng chưa được xác minh chỉ nhập được %(n)s tệp trong 24 giờ; hãy thử lại sau "
                "hoặc chờ Sở Công Thương xác minh."
            ) % {"n": allowed}
        raise invalid("file", "too_many_imports", message)
    original_name = (uploaded_file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    original_name = original_name[: max_length(ImportJob, "original_name")]
    content_type = spreadsheets.XLSX_CONTENT_TYPE if kind == "xlsx" else spreadsheets.CSV_CONTENT_TYPE
    job = ImportJob(seller=seller, actor=actor, original_name=original_name, content_type=content_type)
    job.file.save(original_name, uploaded_file, save=False)
    job.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    from hangviet.catalog.tasks import import_products

    import_products.enqueue(job.pk, language=language)  # in the transaction: an accepted job is always run
    return job


def _file_kind(job: ImportJob) -> str:
    return "xlsx" if (job.file.name or "").lower().endswith(".xlsx") else "csv"


def _finish(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)


def run_import(job_id: int, *, language: str | None = None) -> None:
    """Validate every row of a pending job, then import all rows in one transaction, or none.

    Called by the worker (catalog.tasks.import_products). Keeps ImportJob.processed_rows up to date while
    validating, so the progress page can show how far it got. Running a job twice does nothing.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
            status=ImportJob.Status.RUNNING
        ):
            return
        job = ImportJob.objects.select_related("seller", "actor").get(pk=job_id)
        try:
            created, updated = _run(job)
        except ImportRejected as exc:
            _finish(job_id, status=ImportJob.Status.FAILED, errors=_listed(exc.errors))
        except Exception:
            logger.exception("product import %s crashed", job_id)
            _finish(
                job_id,
                status=ImportJob.Status.FAILED,
                errors=[
                    row_error(
                        None,
                        None,
                        "internal_error",
                        _("Lỗi hệ thống khi nhập tệp; chưa có gì được nhập. Vui lòng thử lại sau."),
                    )
                ],
            )
            raise
        else:
            _finish(
                job_id,
                status=ImportJob.Status.DONE,
                errors=[],
                created_count=created,
                updated_count=updated,
            )


def _run(job: ImportJob) -> tuple[int, int]:
    actor = job.actor
    try:
        ensure_can_manage(actor, job.seller)
    except PermissionDenied as exc:
        raise ImportRejected([row_error(None, None, "permission_denied", str(exc))]) from exc
    assert actor is not None  # ensure_can_manage refuses a missing actor
    bounds = read_bounds(row_limit(job.seller))
    counters = ReadCounters()
    try:
        with job.file.open("rb") as file:
            sheet = read_sheet(file, _file_kind(job), bounds=bounds, counters=counters)
    except (ImportRejected, ValidationFailed):
        logger.info(
            "product import %s refused after %s rows, %s cells", job.pk, counters.rows, counters.cells
        )
        raise
    except Exception as exc:  # a corrupt workbook, an undecodable CSV: openpyxl and csv raise many kinds
        logger.info("product import %s: unreadable file: %s", job.pk, exc)
        raise ImportRejected(
            [
                row_error(
                    None,
                    None,
                    "unreadable",
                    _("Không đọc được tệp; hãy lưu lại dưới dạng Excel .xlsx hoặc CSV UTF-8 rồi thử lại."),
                )
            ]
        ) from exc
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(sheet.rows))

    validator = RowValidator(sheet)
    valid: list[ProductRow] = []
    errors: list[dict[str, Any]] = []
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            check_deadline(counters, bounds, number)
        product_row, row_errors = validator.validate(number, cells)
        if product_row is not None:
            valid.append(product_row)
        errors.extend(row_errors)
        if done % PROGRESS_EVERY == 0 or done == len(sheet.rows):
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
    if errors:
        raise ImportRejected(errors)
    return _write(actor, job, valid)


# Fields an import writes on an existing product, with the derived search columns (the stock: catalog.stock).
_UPDATED_FIELDS = [
    "name",
    "category",
    "unit",
    "net_quantity",
    "price_vnd",
    "gtin",
    "origin_commune",
    "description",
    "status",
    "name_folded",
    "search_text",
    "updated_at",
]


@transaction.atomic
def _write(actor: User, job: ImportJob, rows: list[ProductRow]) -> tuple[int, int]:
    """Write every valid row in one transaction: all rows or none.

    The same rules as catalog.services.create_product/update_product and catalog.stock (sanitised description,
    folded search text, model field validation, a stock move for every stock change), in batches:
    one service call per row takes minutes for 10,000 rows, and on SQLite the write lock is held
    that long.
    """
    seller = job.seller
    now = timezone.now()
    reason = _("Nhập từ tệp %(name)s") % {"name": job.original_name}
    existing = {
        p.sku: p
        for p in Product.objects.filter(seller=seller, sku__in=[r.sku for r in rows]).select_for_update()
    }
    new_rows = [r for r in rows if r.sku not in existing]
    slugs = iter(unique_slugs(Product, [r.name for r in new_rows], max_length=90, fallback="san-pham"))
    to_create: list[Product] = []
    to_update: list[Product] = []
    counts: list[tuple[Product, int]] = []  # stock counted for existing products, set once they are saved
    errors: list[dict[str, Any]] = []
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            product = Product(
                seller=seller,
                sku=row.sku,
                slug=next(slugs),
                stock=row.stock or 0,
                **{"status": Product.Status.DRAFT, **row.fields()},
            )
            to_create.append(product)
        else:
            changes = {f: v for f, v in row.fields().items() if _differs(product, f, v)}
            stock_delta = 0 if row.stock is None else row.stock - product.stock
            if not changes and not stock_delta:
                continue
            for field, value in row.fields().items():  # unchanged ones too: the search columns read them
                setattr(product, field, value)
            if stock_delta:
                counts.append((product, product.stock + stock_delta))
            product.updated_at = now
            to_update.append(product)
        product.seller = seller  # derive_search_columns reads it: no query per row
        product.description = sanitize_description(product.description)
        derive_search_columns(product)
        try:
            # Field rules (lengths, choices, price > 0); the foreign keys and uniqueness were checked
            # for the whole file above and the database constraints still hold at insert time.
            product.full_clean(
                exclude=["seller", "category", "origin_commune", "slug"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors.extend(
                row_error(
                    row.row,
                    COLUMN_BY_KEY[field].title if field in COLUMN_BY_KEY else None,
                    e.code or "invalid",
                    m,
                )
                for field, field_errors in exc.error_dict.items()
                for e in field_errors
                for m in e.messages
            )
    if errors:
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            created = Product.objects.bulk_create(to_create, batch_size=500)
            catalog_changed()  # bulk_create sends no post_save
            for product in to_update:  # one plain UPDATE each: bulk_update's CASE per field is slower
                product.save(update_fields=_UPDATED_FIELDS)
            set_counted_stock(counts, actor=actor, reason=reason)
            record_initial_stock(created, actor=actor)
    except IntegrityError as exc:
        # Another writer took a SKU (or a slug) between the check and the write.
        logger.info("product import %s refused by the database: %s", job.pk, exc)
        raise ImportRejected(
            [
                row_error(
                    None,
                    None,
                    "conflict",
                    _("Sản phẩm của cửa hàng vừa bị thay đổi ở nơi khác; chưa nhập gì. Hãy thử lại."),
                )
            ]
        ) from exc
    return len(created), len(to_update)


def _differs(product: Product, field: str, value: Any) -> bool:
    if field == "category":
        return product.category_id != value.pk
    if field == "origin_commune":
        return product.origin_commune_id != (value.pk if value else None)
    if field == "description":
        return product.description != sanitize_description(value)
    return getattr(product, field) != value
