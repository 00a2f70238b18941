"""core.spreadsheets: the one writer neutralises formulas, and no other module writes or reads a sheet."""

import ast
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.core.spreadsheets import Styled, XlsxWriter, csv_cell, csv_text

SRC = Path(__file__).resolve().parents[2] / "src" / "hangviet"
# The modules allowed to touch openpyxl or the csv module: the one writer and reader.
SPREADSHEET_MODULES = {"core/spreadsheets.py"}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # already an apostrophe: one more, so reading back gives the same text
        ("''", "'''"),
        ("'tis", "'tis"),  # an apostrophe before anything else is left alone
        ("Mật ong = ngon", "Mật ong = ngon"),
        ("", ""),
    ],
)
def test_csv_cells_are_neutralised_and_read_back_exactly(value, written):
    assert csv_cell(value) == written
    assert csv_text(written) == value


def test_numbers_stay_numbers_in_csv():
    assert [csv_cell(v) for v in (-5, 1.5, Decimal("2"), None)] == [-5, 1.5, Decimal("2"), None]


def test_the_xlsx_writer_keeps_values_and_types_and_writes_no_formula():
    workbook = XlsxWriter()
    sheet = workbook.add_sheet("Thử", widths={"A": 30}, freeze="A2")
    aware = timezone.make_aware(datetime.datetime(2026, 3, 1, 8, 30))
    sheet.append(
        ["=1+1", -3, 1.5, True, aware, Styled(120000, bold=True, number_format="#,##0"), None, "a\x00b"]
    )
    cells = next(load_workbook(io.BytesIO(workbook.to_bytes())).active.iter_rows())
    assert [c.value for c in cells] == [
        "=1+1",
        -3,
        1.5,
        True,
        datetime.datetime(2026, 3, 1, 8, 30),
        120000,
        None,
        "ab",
    ]
    assert [c.data_type for c in cells[:4]] == ["s", "n", "n", "b"]
    assert cells[0].quotePrefix and not cells[1].quotePrefix
    assert cells[5].font.b and cells[5].number_format == "#,##0"


def test_no_module_but_core_spreadsheets_uses_openpyxl_or_csv():
    """Every spreadsheet leaves through the one writer (and comes in through the bounded reader)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in SPREADSHEET_MODULES or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{relative}: {name}" for name in names if name.split(".")[0] in ("openpyxl", "csv")
            ]
    assert offenders == []
