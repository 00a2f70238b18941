"""Load the versioned OCOP rubrics from data/rubrics/*.json (by the migration and `load_ocop_rubrics`).

A rubric that council members have already scored on is never rewritten: the audit trail of old scores
depends on the criteria they were given. Fix such a rubric by shipping a new version (new code).
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data" / "rubrics"
TOTAL_POINTS = Decimal(100)
RECONSTRUCTED, INSTRUMENT = "reconstructed", "instrument"


class RubricDataError(ValueError):
    """A rubric file breaks the structure (parts must total 100, criteria their part)."""


def read_rubric_files(directory: Path = DATA_DIR) -> list[dict[str, Any]]:
    """Every rubric file, checked: parts add up to 100 points and each part's criteria to the part."""
    rubrics = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        check_rubric(data, path.name)
        rubrics.append(data)
    return rubrics


def check_rubric(data: dict[str, Any], name: str = "") -> None:
    parts = data.get("parts") or []
    total = sum((Decimal(str(p["max_points"])) for p in parts), Decimal(0))
    if total != TOTAL_POINTS:
        raise RubricDataError(f"{name}: parts total {total}, not 100")
    for part in parts:
        criteria = sum((Decimal(str(c["max_points"])) for c in part["criteria"]), Decimal(0))
        if criteria != Decimal(str(part["max_points"])):
            raise RubricDataError(
                f"{name}: part {part['code']} criteria total {criteria} ≠ {part['max_points']}"
            )
        codes = [c["code"] for c in part["criteria"]]
        if len(codes) != len(set(codes)):
            raise RubricDataError(f"{name}: duplicate criterion code in part {part['code']}")
        for crit in part["criteria"]:
            if Decimal(str(crit.get("mandatory_min_points", 0))) > Decimal(str(crit["max_points"])):
                raise RubricDataError(f"{name}: {crit['code']} minimum above its maximum")
            if len(_source_fields(crit, True)["source_ref"]) > 300:
                raise RubricDataError(f"{name}: {crit['code']} source longer than 300 characters")


def _source_fields(crit: dict[str, Any], with_ref: bool) -> dict[str, str]:
    """`"source"` is "reconstructed", "instrument", or a citation ("QĐ 148/QĐ-TTg, Phụ lục III, mục …"),
    which means "instrument"; `"source_ref"` adds the citation, or the evidence behind a reconstruction."""
    source = str(crit.get("source") or RECONSTRUCTED)
    ref = str(crit.get("source_ref", ""))
    if source not in (RECONSTRUCTED, INSTRUMENT):
        source, ref = INSTRUMENT, "; ".join(x for x in (source, ref) if x)
    return {"source": source, "source_ref": ref} if with_ref else {"source": source}


def load_rubrics(rubric_model: Any, part_model: Any, criterion_model: Any, sheet_model: Any = None) -> int:
    """Create or update every rubric from the data files; returns how many were written.

    Works with the real models and with a migration's historical ones. Rubrics already scored on are skipped.
    """
    written = 0
    with_ref = any(
        field.name == "source_ref" for field in criterion_model._meta.get_fields()
    )  # 0003 has none
    for data in read_rubric_files():
        rubric = rubric_model.objects.filter(code=data["code"]).first()
        if (
            rubric is not None
            and sheet_model is not None
            and sheet_model.objects.filter(dossier__rubric=rubric, submitted_at__isnull=False).exists()
        ):
            continue
        fields = {
            "title": data["title"],
            "instrument": data["instrument"],
            "instrument_date": datetime.date.fromisoformat(data["instrument_date"]),
            "valid_from": datetime.date.fromisoformat(data["valid_from"]),
            "valid_until": (
                datetime.date.fromisoformat(data["valid_until"]) if data.get("valid_until") else None
            ),
            "product_sets": data.get("product_sets", []),
            "source_note": data.get("source_note", ""),
        }
        rubric, _ = rubric_model.objects.update_or_create(code=data["code"], defaults=fields)
        keep_parts = []
        for part in data["parts"]:
            part_obj, _ = part_model.objects.update_or_create(
                rubric=rubric,
                code=part["code"],
                defaults={"title": part["title"], "max_points": Decimal(str(part["max_points"]))},
            )
            keep_parts.append(part_obj.pk)
            keep = []
            for position, crit in enumerate(part["criteria"]):
                obj, _ = criterion_model.objects.update_or_create(
                    part=part_obj,
                    code=crit["code"],
                    defaults={
                        "group": crit["group"],
                        "text": crit["text"],
                        "max_points": Decimal(str(crit["max_points"])),
                        "mandatory_for_stars": int(crit.get("mandatory_for_stars", 0)),
                        "mandatory_min_points": Decimal(str(crit.get("mandatory_min_points", 0))),
                        "position": position,
                        **_source_fields(crit, with_ref),
                    },
                )
                keep.append(obj.pk)
            criterion_model.objects.filter(part=part_obj).exclude(pk__in=keep).delete()
        part_model.objects.filter(rubric=rubric).exclude(pk__in=keep_parts).delete()
        written += 1
    return written
