"""One small generated picture per category, given to the demo's products."""

import io
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.core.text import fold
from hangviet.demo.builders.writers import DemoReport

GROUP_COLOURS = {
    "I": (46, 125, 50),
    "II": (21, 101, 192),
    "III": (106, 27, 154),
    "IV": (141, 110, 99),
    "V": (0, 137, 123),
    "VI": (239, 108, 0),
}


IMAGE_SIZE = 320


def _initials(name: str) -> str:
    words = [w for w in fold(name).replace(",", " ").split() if w.isalpha()]
    return "".join(w[0] for w in words[:3]).upper() or "HV"


def category_image(category: Category) -> str:
    """The storage name of the category's demo picture (solid colour + initials, WebP), made once."""
    name = f"demo/{category.slug}.webp"
    if default_storage.exists(name):
        return name
    from PIL import Image, ImageDraw, ImageFont

    colour = GROUP_COLOURS.get(category.code.split(".")[0], (84, 110, 122))
    img = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), colour)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=96)
    text = _initials(category.name)
    box = draw.textbbox((0, 0), text, font=font)
    xy = ((IMAGE_SIZE - (box[2] - box[0])) / 2 - box[0], (IMAGE_SIZE - (box[3] - box[1])) / 2 - box[1])
    draw.text(xy, text, fill=(255, 255, 255), font=font)
    buf = io.BytesIO()
    img.save(buf, "WEBP", quality=60)
    return default_storage.save(name, ContentFile(buf.getvalue()))


def ensure_images(product_ids: Iterable[int], report: DemoReport) -> None:
    """Give each listed product without a picture its category's demo picture."""
    products = list(
        Product.objects.filter(pk__in=list(product_ids), images__isnull=True).select_related("category")
    )
    names: dict[int, str] = {}
    rows = []
    for product in products:
        if product.category_id not in names:
            names[product.category_id] = category_image(product.category)
        name = names[product.category_id]
        rows.append(
            ProductImage(
                product=product,
                image=name,
                width=IMAGE_SIZE,
                height=IMAGE_SIZE,
                thumbnail=name,
                thumb_width=IMAGE_SIZE,
                thumb_height=IMAGE_SIZE,
                alt=product.name[:200],
            )
        )
    ProductImage.objects.bulk_create(rows)
    report.add("images", len(rows))
