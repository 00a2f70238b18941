app_name = "promotion"

urlpatterns: list = []
