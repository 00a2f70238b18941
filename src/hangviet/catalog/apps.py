from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hangviet.catalog"
    label = "catalog"
    verbose_name = _("Danh mục sản phẩm")

    def ready(self) -> None:
        from hangviet.catalog import receivers

        receivers.connect()
