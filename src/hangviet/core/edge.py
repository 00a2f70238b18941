"""The edge: every request's text and body checked once, before any view reads them.

PostgreSQL refuses NUL in text, psycopg cannot encode a lone surrogate, and a deeply nested JSON document
exhausts the recursion limit of whatever walks it: each of these was a 500 somewhere. Here they are
refused for every path, query parameter, header, cookie, form field and JSON string at once:

- path, query (names and values), headers and cookies: no control character (C0, DEL), no surrogate;
  a header value may hold a tab;
- form fields (names and values, multipart too, with the names of uploaded files; not the files'
  contents) and every JSON string and key: no control character except tab, line feed and carriage
  return, no lone surrogate;
- every JSON number finite: no NaN, Infinity or 1e400 (PostgreSQL's jsonb refuses them);
- a body that is not a form: at most `core.limits.BODY_MAX_BYTES` (or the bound settings.HANGVIET_BODY_LIMITS
  gives its path), nested at most `core.limits.JSON_MAX_DEPTH` levels; a form: at most Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS.

The answer is 400 (413 for a body too large) naming the field (`path`, `query.<name>`,
`header.<Name>`, `cookie.<name>`, `body.<name>`, `body.items.0.product`): an RFC 9457 problem under
/api/, a short translated page elsewhere. The common request costs a few regular-expression searches; a
JSON body is parsed here only when a byte-level scan finds an escape that could hide a forbidden
character or a number that may not be finite (bench/edge.py measures it).
"""

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hangviet.core import limits
from hangviet.core.problems import API_PREFIX, problem_response

# Text that names or locates something (paths, query strings, headers, cookies): no control characters.
_URL_BAD = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_HEADER_BAD = re.compile("[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")
# Text people write (form fields, JSON strings): tab, line feed and carriage return are text.
_TEXT_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

# Nesting depth without parsing: drop escape pairs (so no escaped quote is left), keep only quotes and
# brackets (bytes.translate), drop the strings, which then hold only brackets, and count what is left.
_JSON_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_QUOTED = re.compile(rb'"[^"]*"')
_DEPTH_STEP = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1
# Byte sequences of a JSON body that may decode to a forbidden character: an escaped C0 control, \b, \f,
# an escaped surrogate, or a UTF-8-encoded surrogate (json.loads decodes bytes with "surrogatepass").
# False alarms (an escaped tab, an escaped surrogate pair, "\\b") only cost a parse.
_JSON_SUSPECT = re.compile(rb"\\u00[01][0-9a-fA-F]|\\u[dD][89a-fA-F]|\\[bf]|\xed[\xa0-\xbf]")
# Numbers no column or JSON document can hold: json.loads reads NaN, Infinity, 1e400 and a 400-digit
# 1000…0.5 (both as inf), which PostgreSQL's jsonb then refuses. Only a three-digit exponent or a run of
# 309 digits can overflow a double: then the body is parsed to see.
_BIG_EXPONENT = re.compile(rb"[eE]\+?0*[1-9][0-9]{2}")
_DIGITS_AS_ZERO = bytes(ord("0") if ord("0") <= c <= ord("9") else c for c in range(256))
_LONG_DIGIT_RUN = b"0" * 309
_NOT_FINITE = object()

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    field: str
    detail: str
    message: str


def _invalid(field: str) -> Refusal:
    return Refusal(
        400,
        "invalid_characters",
        field,
        _("Yêu cầu có ký tự không hợp lệ (ký tự điều khiển hoặc mã Unicode hỏng)."),
        _("Ký tự không hợp lệ."),
    )


def _too_large(limit: int) -> Refusal:
    message = _("Dữ liệu gửi lên quá lớn: tối đa %(size)s.") % {"size": filesizeformat(limit)}
    return Refusal(413, "body_too_large", "body", message, message)


def _too_deep() -> Refusal:
    message = _("Dữ liệu JSON lồng nhau quá %(depth)s cấp.") % {"depth": limits.JSON_MAX_DEPTH}
    return Refusal(400, "nesting_too_deep", "body", message, message)


def _too_many_fields(field: str) -> Refusal:
    message = _("Yêu cầu có quá nhiều trường hoặc tệp.")
    return Refusal(400, "too_many_fields", field, message, message)


def _malformed() -> Refusal:
    message = _("Dữ liệu biểu mẫu gửi lên không đúng định dạng.")
    return Refusal(400, "malformed_body", "body", message, message)


def _not_finite(field: str) -> Refusal:
    return Refusal(
        400,
        "invalid_number",
        field,
        _("Yêu cầu có số không hợp lệ (NaN, Infinity hoặc quá lớn)."),
        _("Số không hợp lệ."),
    )


def _shown(name: str) -> str:
    """A name as it may appear in a field path: forbidden characters replaced by U+FFFD."""
    return _URL_BAD.sub("\ufffd", name)


def json_nesting_exceeds(raw: bytes, bound: int) -> bool:
    """True when the JSON text nests arrays/objects deeper than `bound` (unclosed brackets count)."""
    if b"\\" in raw:
        raw = _JSON_ESCAPE.sub(b"", raw)
    skeleton = raw.translate(None, _NOT_STRUCTURE)
    if skeleton.count(b"[") + skeleton.count(b"{") <= bound:
        return False
    # Two adjacent quotes are an empty string or two strings side by side: dropping them keeps every
    # bracket inside or outside a string as it was, and leaves the regex only the strings holding brackets.
    brackets = _QUOTED.sub(b"", skeleton.replace(b'""', b""))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > bound


def _may_not_be_finite(raw: bytes) -> bool:
    return (
        b"NaN" in raw
        or b"Infinity" in raw
        or _BIG_EXPONENT.search(raw) is not None
        or _LONG_DIGIT_RUN in raw.translate(_DIGITS_AS_ZERO)
    )


def _finite_or_marker(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else _NOT_FINITE


def json_bad_field(raw: bytes) -> Refusal | None:
    """The first JSON string or key with a forbidden character, or number that is not finite, as a
    refusal naming its path ("body.items.0.product"); None also for a body that is not JSON (the view
    says so). The body is parsed only when a byte-level scan finds something that could hide either."""
    texts = (b"\\" in raw or b"\xed" in raw) and _JSON_SUSPECT.search(raw)
    if not texts and not _may_not_be_finite(raw):
        return None
    try:
        data = json.loads(raw, parse_constant=lambda _name: _NOT_FINITE, parse_float=_finite_or_marker)
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[Any, str]] = [(data, "body")]
    while stack:
        value, path = stack.pop()
        if value is _NOT_FINITE:
            return _not_finite(path)
        if isinstance(value, str):
            if _TEXT_BAD.search(value):
                return _invalid(path)
        elif isinstance(value, dict):
            for key in value:
                if _TEXT_BAD.search(key):
                    return _invalid(f"{path}.{_shown(key)}")
            stack.extend((item, f"{path}.{key}") for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{path}.{i}") for i, item in reversed(list(enumerate(value))))
    return None


def _first_bad(pairs: Iterable[tuple[str, list[Any]]], prefix: str, bad: re.Pattern[str]) -> str | None:
    for name, values in pairs:
        if bad.search(name):
            return prefix
        if any(isinstance(v, str) and bad.search(v) for v in values):
            return f"{prefix}.{name}"
    return None


class EdgeInputMiddleware:
    """Refuses, before any view runs, input no view should ever see (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.body_limits = [
            (re.compile(pattern), size) for pattern, size in getattr(settings, "HANGVIET_BODY_LIMITS", [])
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.check(request)
        if refusal is not None:
            return self.refuse(request, refusal)
        return self.get_response(request)

    def body_limit(self, path: str) -> int:
        bounds = (size for pattern, size in self.body_limits if pattern.match(path))
        return next(bounds, limits.BODY_MAX_BYTES)

    def check(self, request: HttpRequest) -> Refusal | None:
        if _URL_BAD.search(request.path_info):
            return _invalid("path")
        try:
            query = request.GET.lists()
        except TooManyFieldsSent:
            return _too_many_fields("query")
        if field := _first_bad(query, "query", _URL_BAD):
            return _invalid(field)
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and _HEADER_BAD.search(value):
                return _invalid("header." + key[5:].replace("_", "-").title())
        if field := _first_bad(((k, [v]) for k, v in request.COOKIES.items()), "cookie", _URL_BAD):
            return _invalid(field)
        return self.check_body(request)

    def check_body(self, request: HttpRequest) -> Refusal | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= 0:
            return None
        try:
            if request.method == "POST" and request.content_type in FORM_TYPES:
                return self.check_form(request)
            limit = self.body_limit(request.path_info)
            if length > limit:
                return _too_large(limit)
            raw = request.body
        except RequestDataTooBig:
            return _too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        except (TooManyFieldsSent, TooManyFilesSent):
            return _too_many_fields("body")
        except MultiPartParserError:
            return _malformed()
        if json_nesting_exceeds(raw, limits.JSON_MAX_DEPTH):
            return _too_deep()
        return json_bad_field(raw)

    @staticmethod
    def check_form(request: HttpRequest) -> Refusal | None:
        if field := _first_bad(request.POST.lists(), "body", _TEXT_BAD):
            return _invalid(field)
        for name, files in request.FILES.lists():
            if _TEXT_BAD.search(name) or any(_TEXT_BAD.search(f.name or "") for f in files):
                return _invalid(f"body.{_shown(name)}")
        return None

    @staticmethod
    def refuse(request: HttpRequest, refusal: Refusal) -> HttpResponse:
        response: HttpResponse
        if request.path_info.startswith(API_PREFIX):
            errors = [{"field": refusal.field, "code": refusal.code, "message": refusal.message}]
            return problem_response(refusal.status, refusal.code, refusal.detail, errors)
        page = render_to_string("core/refused.html", {"detail": refusal.detail})
        response = HttpResponse(page, status=refusal.status)
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'self'"
        response["X-Frame-Options"] = "DENY"
        return response
