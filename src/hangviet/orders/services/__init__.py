"""Every write of the orders app, one module per sub-domain: cart, delivery (a shop's rules), checkout (cart →
orders, stock taken), lifecycle (the state machine), payments (webhook, reconciliation), idempotency (keys of
the API checkout). Import from the module that owns the function."""
