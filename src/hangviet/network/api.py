"""The protocol's POST endpoints (docs/network.md): the seller side's select/confirm/status/cancel and
the buyer side's on_status, each behind the signature check and the idempotent receipt."""

from hangviet.network import buyer_side, seller_side
from hangviet.network.inbound import message_endpoint

select = message_endpoint("select")(seller_side.select)
confirm = message_endpoint("confirm")(seller_side.confirm)
status = message_endpoint("status")(seller_side.status)
cancel = message_endpoint("cancel")(seller_side.cancel)
on_status = message_endpoint("on_status", sender_role="bpp_id")(buyer_side.on_status)
