"""Seed the multi-instance test's primary (run by `hangviet shell`): a verified shop, its owner, a product
and a catalog API token; prints them as JSON."""

import json

from hangviet.accounts.models import ApiToken
from hangviet.accounts.services import create_api_token
from tests import factories as f

shop = f.seller(slug="htx-thu-nghiem")
owner = f.owner_of(shop)
product = f.product(shop, slug="mat-hoa-dua", name="Mật hoa dừa", price_vnd=120000)
_, key = create_api_token(actor=owner, name="deploy", scopes=[ApiToken.Scope.CATALOG])
print(
    json.dumps(
        {"shop": shop.slug, "product": product.slug, "pk": product.pk, "email": owner.email, "key": key}
    )
)
