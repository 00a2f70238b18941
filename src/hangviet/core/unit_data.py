"""Load the administrative units data file (core/data/admin_units.json.gz) into the database.

Used by the data migration with historical models, and callable at run time with the real ones. The
data file and why it is ours (not a dependency) are described in core/data/README.md.
"""

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import connections

from hangviet.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "admin_units.json.gz"


def read_data_file(path: Path = DATA_FILE) -> dict[str, Any]:
    """The data file's content (see core/data/README.md for the format)."""
    with gzip.open(path, "rb") as fh:
        data: dict[str, Any] = json.loads(fh.read().decode("utf-8"))
    if data.get("format") != 1:
        raise ValueError(f"{path}: unknown admin units format {data.get('format')!r}")
    return data


INSERT_BATCH = 500  # rows per INSERT elsewhere: well under SQLite's limit on parameters


def _insert_missing(
    model: Any, fields: list[str], rows: list[tuple[Any, ...]], using: str, *, key_size: int = 1
) -> None:
    """Insert the rows whose key (their first `key_size` values) is not in the table yet.

    Raw SQL, not bulk_create: building ~25,000 model instances and their SQL took seconds; COPY on
    PostgreSQL and multi-row INSERTs elsewhere take a fraction of one (test databases run this).
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    table = quote(meta.db_table)
    column_names = [quote(meta.get_field(f).column) for f in fields]
    columns = ", ".join(column_names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(column_names[:key_size])} FROM {table}")  # noqa: S608 - names from _meta
        existing = {tuple(row) for row in cursor.fetchall()}
        missing = [row for row in rows if tuple(row[:key_size]) not in existing]
        if not missing:
            return
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in missing:
                    copy.write_row(row)
            return
        one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(missing), INSERT_BATCH):
            batch = missing[start : start + INSERT_BATCH]
            values = ", ".join([one_row] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",  # noqa: S608 - names from _meta
                [value for row in batch for value in row],
            )


def _sync(
    model: Any,
    rows: dict[str, dict[str, Any]],
    *,
    update: bool,
    using: str,
) -> None:
    """Create the rows whose code is missing; with update=True also rewrite rows that differ."""
    fields = list(next(iter(rows.values())).keys())
    _insert_missing(
        model,
        [model._meta.pk.name, *fields],
        [(code, *(values[f] for f in fields)) for code, values in rows.items()],
        using,
    )
    if not update:
        return
    manager = model._default_manager.using(using)
    changed = [
        model(pk=code, **rows[code])
        for code, *current in manager.values_list("pk", *fields).iterator(chunk_size=5000)
        if code in rows and tuple(current) != tuple(rows[code].values())
    ]
    manager.bulk_update(changed, fields, batch_size=500)


def _named(name: str, kind: str) -> dict[str, Any]:
    return {"name": name, "kind": kind, "name_folded": fold(name)}


def load_admin_units(apps: Any = None, *, update: bool = False, using: str = "default") -> None:
    """Load every unit of the data file; idempotent (existing codes are kept, or rewritten if `update`).

    `apps` is the migration's app registry (historical models), or None for the installed models.
    """
    registry = apps or global_apps
    province_model = registry.get_model("core", "Province")
    commune_model = registry.get_model("core", "Commune")
    legacy_province_model = registry.get_model("core", "LegacyProvince")
    legacy_district_model = registry.get_model("core", "LegacyDistrict")
    legacy_ward_model = registry.get_model("core", "LegacyWard")
    data = read_data_file()

    _sync(province_model, {c: _named(n, k) for c, n, k in data["provinces"]}, update=update, using=using)
    _sync(
        commune_model,
        {c: {**_named(n, k), "province_id": p} for c, n, k, p in data["communes"]},
        update=update,
        using=using,
    )
    _sync(
        legacy_province_model,
        {c: {**_named(n, k), "province_id": p} for c, n, k, p in data["legacy_provinces"]},
        update=update,
        using=using,
    )
    _sync(
        legacy_district_model,
        {
            c: {**_named(n, k), "legacy_province_id": lp, "province_id": p}
            for c, n, k, lp, p in data["legacy_districts"]
        },
        update=update,
        using=using,
    )
    district_province = {c: lp for c, _n, _k, lp, _p in data["legacy_districts"]}
    _sync(
        legacy_ward_model,
        {
            c: {
                **_named(n, k),
                "district_id": d,
                "legacy_province_id": district_province[d],
                "commune_id": targets[0] if len(targets) == 1 else None,
            }
            for c, n, k, d, targets in data["legacy_wards"]
        },
        update=update,
        using=using,
    )
    _sync_successors(legacy_ward_model, data["legacy_wards"], update=update, using=using)


def _sync_successors(legacy_ward_model: Any, wards: Iterable[list[Any]], *, update: bool, using: str) -> None:
    through = legacy_ward_model.communes.through
    wanted = {(code, target) for code, _n, _k, _d, targets in wards for target in targets}
    _insert_missing(through, ["legacyward_id", "commune_id"], sorted(wanted), using, key_size=2)
    if not update:
        return
    manager = through._default_manager.using(using)
    existing = set(manager.values_list("legacyward_id", "commune_id"))
    if existing - wanted:
        stale = existing - wanted
        for ward_code in {w for w, _c in stale}:
            manager.filter(
                legacyward_id=ward_code, commune_id__in=[c for w, c in stale if w == ward_code]
            ).delete()
