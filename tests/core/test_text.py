"""Vietnamese text folding: one definition for Python, SQLite and PostgreSQL search."""

import pytest

from hangviet.catalog.models import Category
from hangviet.core.text import fold, slugify_vi, unique_slug, unique_slugs


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đường đi Hà Nội", "duong di ha noi"),
        ("ộ ờ ự ẫ ỹ", "o o u a y"),  # letters with both a vowel mark and a tone mark
        ("Ộ Ờ", "o o"),
        ("NƯỚC MẮM PHÚ QUỐC", "nuoc mam phu quoc"),
        ("đĐ", "dd"),
        ("Hoà Hòa", "hoa hoa"),  # old and new tone placement fold the same
        ("plain ascii 123", "plain ascii 123"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_handles_decomposed_input():
    decomposed = "Vie\u0302\u0323t"  # "Việt" written with combining marks
    assert fold(decomposed) == "viet"
    assert fold(decomposed) == fold("Việt")


def test_slugify_vi():
    assert slugify_vi("Mật hoa dừa Sokfarm") == "mat-hoa-dua-sokfarm"
    assert slugify_vi("  Đặc sản -- Trà Vinh!  ") == "dac-san-tra-vinh"
    assert len(slugify_vi("Bánh tét " * 30, max_length=20)) <= 20
    assert not slugify_vi("Bánh tét " * 30, max_length=20).endswith("-")


@pytest.mark.django_db
def test_unique_slug_numbers_a_taken_slug_within_the_rows_it_is_given(f):
    first = f.category(code="A", name="Thực phẩm")  # slug "cat-a"
    assert unique_slug(Category, "Cát A", max_length=90, fallback="muc") == "cat-a-2"
    f.category(code="A-2", name="Đồ uống")  # slug "cat-a-2"
    assert unique_slug(Category.objects.all(), "Cát A", max_length=90, fallback="muc") == "cat-a-3"
    assert (
        unique_slug(Category.objects.exclude(pk=first.pk), "Cát A", max_length=90, fallback="muc") == "cat-a"
    )


@pytest.mark.django_db
def test_unique_slug_cuts_the_text_and_falls_back_when_it_has_no_letter():
    assert unique_slug(Category, "Bánh tét " * 30, max_length=20, fallback="muc") == "banh-tet-banh-tet-ba"
    assert unique_slug(Category, "!!! ???", max_length=90, fallback="san-pham") == "san-pham"


@pytest.mark.django_db
def test_unique_slugs_numbers_a_batch_against_the_rows_and_each_other(f):
    f.category(code="A", name="Thực phẩm")  # slug "cat-a"
    f.category(code="A-3", name="Đồ uống")  # slug "cat-a-3"
    texts = ["Cát A", "Cát A", "Cát B", "Cát B", "!!!"]
    assert unique_slugs(Category, texts, max_length=90, fallback="muc") == [
        "cat-a-2",
        "cat-a-4",
        "cat-b",
        "cat-b-2",
        "muc",
    ]
