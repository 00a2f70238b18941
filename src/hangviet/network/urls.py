from django.urls import path

from hangviet.network import views

app_name = "network"

urlpatterns = [
    path(".well-known/hangviet-node.json", views.descriptor, name="descriptor"),
    path("network/v1/catalog", views.catalog, name="catalog"),
    path("officer/network/", views.peer_list, name="peers"),
    path("officer/network/confirm/", views.peer_confirm, name="peer_confirm"),
    path("officer/network/<int:pk>/suspend/", views.peer_suspend, name="peer_suspend"),
    path("officer/network/<int:pk>/sync/", views.peer_sync, name="peer_sync"),
    path("officer/network/log/", views.message_log, name="log"),
]
