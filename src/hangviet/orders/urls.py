from django.urls import path

from hangviet.orders import seller_views, views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout_page, name="checkout"),
    path("checkout/place/", views.checkout_place, name="checkout_place"),
    path("checkout/<str:code>/", views.checkout_done, name="checkout_done"),
    path("orders/", views.my_orders, name="mine"),
    path("addresses/", views.addresses, name="addresses"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("orders/track/", views.track, name="track"),
    path("orders/<str:code>/", views.order_detail, name="detail"),
    path("orders/<str:code>/vietqr.png", views.order_qr_png, name="qr_png"),
    path("orders/<str:code>/lines/<int:item>/review/", views.review_item, name="review"),
    path("orders/<str:code>/<str:action>/", views.order_buyer_action, name="buyer_action"),
    path("seller/<slug:shop>/orders/", seller_views.seller_orders, name="seller_orders"),
    path("seller/<slug:shop>/orders/<str:code>/", seller_views.seller_order, name="seller_order"),
    path("seller/<slug:shop>/orders/<str:code>/slip/", seller_views.packing_slip, name="packing_slip"),
    path(
        "seller/<slug:shop>/orders/<str:code>/<str:action>/",
        seller_views.seller_order_action,
        name="seller_action",
    ),
    path("seller/<slug:shop>/payments/", seller_views.reconciliation, name="reconciliation"),
    path("seller/<slug:shop>/payouts/", seller_views.payout_statement, name="payouts"),
    path("seller/<slug:shop>/payouts/statement.xlsx", seller_views.payout_xlsx, name="payout_xlsx"),
    path("seller/<slug:shop>/delivery/", seller_views.delivery_settings, name="delivery"),
    path("seller/<slug:shop>/reviews/", seller_views.seller_reviews, name="seller_reviews"),
    path("seller/<slug:shop>/reviews/<int:pk>/reply/", seller_views.reply_review, name="reply_review"),
]
