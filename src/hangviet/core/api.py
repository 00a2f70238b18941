"""Administrative units API: today's provinces and communes, and old addresses converted to them."""

from typing import Annotated

from django.http import HttpRequest, JsonResponse
from ninja import Field, Path, Query, Router, Schema

from hangviet.core import units
from hangviet.core.errors import ValidationFailed
from hangviet.core.models import Commune, LegacyDistrict, LegacyProvince, LegacyWard, Province

router = Router()


class ProvinceOut(Schema):
    code: str = Field(examples=["86"])
    name: str = Field(examples=["Tỉnh Vĩnh Long"])
    kind: str = Field(description="tỉnh | thành phố", examples=["tỉnh"])


class CommuneOut(Schema):
    code: str = Field(examples=["29242"])
    name: str = Field(examples=["Phường Trà Vinh"])
    kind: str = Field(description="xã | phường | đặc khu", examples=["phường"])
    province_code: str = Field(examples=["86"])


class LegacyUnitOut(Schema):
    code: str
    name: str
    kind: str


class LegacyLookupIn(Schema):
    province: str | None = Field(None, max_length=100, description="Tỉnh cũ: mã hoặc tên (có/không dấu)")
    district: str | None = Field(None, max_length=100, description="Quận/huyện cũ: mã hoặc tên")
    ward: str | None = Field(None, max_length=100, description="Xã/phường/thị trấn cũ: mã hoặc tên")


class LegacyLookupOut(Schema):
    province: ProvinceOut
    commune: CommuneOut | None = Field(description="Xã/phường hiện nay; null khi không nhập xã cũ")
    legacy_province: LegacyUnitOut | None
    legacy_district: LegacyUnitOut | None
    legacy_ward: LegacyUnitOut | None


def _province(p: Province) -> ProvinceOut:
    return ProvinceOut(code=p.code, name=p.name, kind=p.kind)


def _commune(c: Commune) -> CommuneOut:
    return CommuneOut(code=c.code, name=c.name, kind=c.kind, province_code=c.province_id)


def _legacy(unit: LegacyProvince | LegacyDistrict | LegacyWard | None) -> LegacyUnitOut | None:
    return None if unit is None else LegacyUnitOut(code=unit.code, name=unit.name, kind=unit.kind)


@router.get("/provinces", response=list[ProvinceOut], summary="Tỉnh/thành phố hiện nay (34)")
def list_provinces(request: HttpRequest) -> list[ProvinceOut]:
    return [_province(p) for p in units.provinces()]


@router.get(
    "/provinces/{code}/communes",
    response=list[CommuneOut],
    summary="Xã/phường/đặc khu của một tỉnh/thành phố",
)
def list_communes(
    request: HttpRequest, code: Annotated[str, Path(pattern=r"^\d{1,2}$", examples=["86"])]
) -> list[CommuneOut]:
    try:
        province = units.province_by_code(code)
    except units.UnitNotFound as exc:
        exc.field = "path.code"
        raise
    return [_commune(c) for c in units.communes_of(province)]


@router.get(
    "/units/legacy-lookup",
    response={200: LegacyLookupOut},
    summary="Đổi địa chỉ cũ (trước 01/07/2025) sang đơn vị hành chính hiện nay",
    description="404 khi không có đơn vị cũ khớp; 409 `ambiguous_unit` với `candidates` khi nhiều đơn vị "
    "khớp hoặc xã cũ đã bị chia; 422 khi không nhập gì hoặc quá dài.",
    openapi_extra={
        "responses": {
            404: {"description": "Không có đơn vị cũ khớp (`unit_not_found`)."},
            409: {"description": "Nhiều đơn vị khớp hoặc xã cũ đã bị chia (`ambiguous_unit`, `candidates`)."},
        }
    },
)
def legacy_lookup(request: HttpRequest, params: Query[LegacyLookupIn]) -> LegacyLookupOut | JsonResponse:
    try:
        found = units.convert_legacy_address(
            province=params.province, district=params.district, ward=params.ward
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            [{**e, "field": f"query.{e['field']}"} for e in exc.errors], exc.message
        ) from None
    except units.UnitNotFound as exc:
        exc.field = f"query.{exc.field}"
        raise
    except units.AmbiguousUnit as exc:
        # The central mapping has no place for the candidates, so this one problem is written here.
        return JsonResponse(
            {
                "type": f"about:blank#{exc.code}",
                "title": exc.code.replace("_", " "),
                "status": exc.status,
                "code": exc.code,
                "detail": exc.message,
                "errors": [{"field": f"query.{exc.field}", "code": exc.code, "message": exc.message}],
                "candidates": exc.candidates,
            },
            status=exc.status,
            content_type="application/problem+json",
            json_dumps_params={"ensure_ascii": False},
        )
    return LegacyLookupOut(
        province=_province(found.province),
        commune=_commune(found.commune) if found.commune else None,
        legacy_province=_legacy(found.legacy_province),
        legacy_district=_legacy(found.legacy_district),
        legacy_ward=_legacy(found.legacy_ward),
    )
