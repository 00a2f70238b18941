"""Stock in one place, as Saleor's warehouse/management.py: every change of a product's stock happens here and
is recorded as a StockMove (delta, stock after, reason, who). Checkouts take it (take_stock: one conditional
UPDATE for every line), cancelled and lapsed orders put it back (release_stock), sellers add, remove and
count it (adjust_stock, set_stock), the spreadsheet import counts thousands at once (set_counted_stock), and
a new product's first stock is recorded by record_initial_stock (create_product, the import, the demo write
the row with it). Nothing else writes Product.stock of an existing product, or a StockMove.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product, StockMove
from hangviet.catalog.versions import catalog_changed
from hangviet.core import limits
from hangviet.core.errors import DomainError, ValidationFailed, invalid
from hangviet.core.money import group_thousands
from hangviet.sellers.permissions import ensure_can_manage


def _stock_changed(changes: dict[int, tuple[int, int]]) -> None:
    """The versions of products whose stock went from `before` to `after` ({id: (before, after)}): their
    pages, and searches only when one crossed zero (in_stock filters and the in-stock rank read it)."""
    if not changes:
        return
    crossed = any((before > 0) != (after > 0) for before, after in changes.values())
    catalog_changed(products=changes, listing=crossed)


class InsufficientStock(DomainError):
    code = "insufficient_stock"
    message = "Không đủ hàng trong kho."


class OutOfStock(ValidationFailed):
    """Not enough stock for a line: `errors` name the product and the quantity still available."""

    code = "out_of_stock"
    status = 409
    message = "Không đủ hàng trong kho."

    def __init__(self, errors: list[dict[str, Any]], message: str | None = None) -> None:
        super().__init__(errors, message)


def take_stock(wanted: list[tuple[Product, int, str, str]], *, actor: Any) -> None:
    """Take units off several products at once, or raise OutOfStock having taken nothing that commits.

    `wanted`: (product, quantity, stock-move reason, error field). One UPDATE for every line, each row
    conditional on `stock >= quantity` (no read before: no check-then-act); a line that did not update is
    short. On PostgreSQL the rows are first locked in id order (FOR UPDATE in the same statement), so two
    checkouts of the same products queue instead of deadlocking. Each line moved is a catalog StockMove.
    """
    quantities: dict[int, int] = defaultdict(int)
    for product, quantity, _reason, _field in wanted:
        quantities[product.pk] += quantity
    ids = sorted(quantities)
    table = connection.ops.quote_name(Product._meta.db_table)
    pk = connection.ops.quote_name(Product._meta.pk.column or "id")  # type: ignore[union-attr]
    stock = connection.ops.quote_name(Product._meta.get_field("stock").column or "stock")
    # Identifiers come from the model's _meta and every value is a query parameter (hence the S608 noqa).
    values = ", ".join(["(%s, %s)"] * len(ids))
    params: list[Any] = [x for product_id in ids for x in (product_id, quantities[product_id])]
    if connection.vendor == "postgresql":
        marks = ", ".join(["%s"] * len(ids))
        lock = (
            f"WITH locked AS MATERIALIZED (SELECT {pk} FROM {table} WHERE {pk} IN ({marks})"  # noqa: S608
            f" ORDER BY {pk} FOR UPDATE) "
        )
        also, join, returning = ", locked", f" AND locked.{pk} = p.{pk}", f"p.{pk}, p.{stock}"
        params = [*ids, *params]
    else:  # SQLite: the write lock is the whole database, taken at BEGIN IMMEDIATE; RETURNING is unqualified
        lock = also = join = ""
        returning = f"{pk}, {stock}"
    sql = (
        f"{lock}UPDATE {table} AS p SET {stock} = p.{stock} - v.column2 FROM (VALUES {values}) AS v{also}"  # noqa: S608
        f" WHERE p.{pk} = v.column1{join} AND p.{stock} >= v.column2 RETURNING {returning}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        stock_after = dict(cursor.fetchall())
    if len(stock_after) < len(ids):
        product, _quantity, _reason, field = next(w for w in wanted if w[0].pk not in stock_after)
        available = Product.objects.values_list("stock", flat=True).get(pk=product.pk)
        raise OutOfStock(
            [
                {
                    "field": field,
                    "code": "out_of_stock",
                    "message": _("%(name)s chỉ còn %(n)s.") % {"name": product.name, "n": available},
                    "product": product.slug,
                    "available": available,
                    "requested": quantities[product.pk],
                }
            ]
        )
    reasons = {product.pk: reason for product, _quantity, reason, _field in wanted}
    # The stock shown on these products' pages changed (a raw UPDATE: no signal).
    _stock_changed({pk: (stock_after[pk] + quantities[pk], stock_after[pk]) for pk in ids})
    StockMove.objects.bulk_create(
        StockMove(
            product_id=product_id,
            delta=-quantities[product_id],
            stock_after=stock_after[product_id],
            reason=reasons[product_id],
            actor=actor,
        )
        for product_id in ids
    )


def release_stock(lines: Iterable[tuple[int, int]], *, reason: str, actor: Any) -> None:
    """Put units back on the shelf (an order cancelled, expired or lapsed): `lines` are (product id,
    quantity) in product id order; each is one stock move with `reason`."""
    changes: dict[int, tuple[int, int]] = {}
    for product_id, quantity in lines:
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        stock_after = Product.objects.values_list("stock", flat=True).get(pk=product_id)
        changes[product_id] = (changes.get(product_id, (stock_after - quantity, 0))[0], stock_after)
        StockMove.objects.create(
            product_id=product_id,
            delta=quantity,
            stock_after=stock_after,
            reason=reason,
            actor=actor,
        )
    _stock_changed(changes)


@transaction.atomic
def adjust_stock(*, actor: User, product: Product, delta: int, reason: str) -> Product:
    """Add or remove stock; never below zero nor past core.limits.STOCK_MAX (a conditional UPDATE decides,
    not a read)."""
    ensure_can_manage(actor, product.seller)
    limits.ensure_within("delta", abs(delta), limits.QUANTITY_MAX)
    updated = Product.objects.filter(
        pk=product.pk, stock__gte=-delta, stock__lte=limits.STOCK_MAX - delta
    ).update(stock=F("stock") + delta)
    if not updated:
        current = Product.objects.values_list("stock", flat=True).get(pk=product.pk)
        if delta > 0:
            message = _("Tồn kho tối đa là %(limit_value)s.") % {
                "limit_value": group_thousands(limits.STOCK_MAX)
            }
            raise invalid("delta", "max_value", message)
        raise InsufficientStock(field="delta", available=current)
    fresh = Product.objects.get(pk=product.pk)
    _stock_changed({product.pk: (fresh.stock - delta, fresh.stock)})  # a queryset update sends no post_save
    StockMove.objects.create(product=fresh, delta=delta, stock_after=fresh.stock, reason=reason, actor=actor)
    return fresh


@transaction.atomic
def set_stock(*, actor: User, product: Product, stock: int, reason: str) -> Product:
    """Set the stock to a counted value; the difference is recorded as a stock move."""
    ensure_can_manage(actor, product.seller)
    if stock < 0:
        raise invalid("stock", "negative", _("Tồn kho không được âm."))
    limits.ensure_within("stock", stock, limits.STOCK_MAX)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    delta = stock - locked.stock
    Product.objects.filter(pk=product.pk).update(stock=stock)
    _stock_changed({product.pk: (locked.stock, stock)})  # a queryset update sends no post_save
    StockMove.objects.create(product=locked, delta=delta, stock_after=stock, reason=reason, actor=actor)
    return Product.objects.get(pk=product.pk)


def set_counted_stock(counts: Iterable[tuple[Product, int]], *, actor: User | None, reason: str) -> None:
    """Stock counted for many products at once (the spreadsheet import, holding their rows locked): each
    product's stock set to its count, the differences recorded, in a few statements for thousands of rows.
    The counts are the caller's to check (0 … core.limits.STOCK_MAX)."""
    changed: list[Product] = []
    moves: list[StockMove] = []
    changes: dict[int, tuple[int, int]] = {}
    for product, count in counts:
        delta = count - product.stock
        if delta:
            changes[product.pk] = (product.stock, count)
            product.stock = count
            changed.append(product)
            moves.append(
                StockMove(product=product, delta=delta, stock_after=count, reason=reason, actor=actor)
            )
    Product.objects.bulk_update(changed, ["stock"], batch_size=500)
    _stock_changed(changes)  # bulk_update sends no post_save
    StockMove.objects.bulk_create(moves, batch_size=1000)


def record_initial_stock(
    products: Iterable[Product], *, actor: User | None, reason: str | None = None
) -> None:
    """The stock new products were written with, one move each (none for a product without stock): for
    writers that insert the product rows themselves (create_product, the import, the demo)."""
    reason = reason or _("Tồn kho ban đầu")
    StockMove.objects.bulk_create(
        (
            StockMove(product=p, delta=p.stock, stock_after=p.stock, reason=reason, actor=actor)
            for p in products
            if p.stock
        ),
        batch_size=1000,
    )
