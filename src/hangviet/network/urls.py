from django.urls import path

from hangviet.network import api, views

app_name = "network"

urlpatterns = [
    path(".well-known/hangviet-node.json", views.descriptor, name="descriptor"),
    path("network/v1/catalog", views.catalog, name="catalog"),
    path("network/v1/select", api.select, name="select"),
    path("network/v1/confirm", api.confirm, name="confirm"),
    path("network/v1/status", api.status, name="status"),
    path("network/v1/cancel", api.cancel, name="cancel"),
    path("network/v1/on_status", api.on_status, name="on_status"),
    path("network/v1/lookup", views.lookup, name="lookup"),
    path("network/checkout/<int:peer>/", views.remote_checkout, name="checkout"),
    path("network/orders/<str:transaction_id>/", views.remote_order, name="order"),
    path("officer/network/", views.peer_list, name="peers"),
    path("officer/network/confirm/", views.peer_confirm, name="peer_confirm"),
    path("officer/network/<int:pk>/suspend/", views.peer_suspend, name="peer_suspend"),
    path("officer/network/<int:pk>/sync/", views.peer_sync, name="peer_sync"),
    path("officer/network/log/", views.message_log, name="log"),
]
