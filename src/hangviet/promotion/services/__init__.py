"""Every write of trade promotion, one module per sub-domain: one function per use case, permission
first, one transaction. Import the sub-module that owns the use case (`from hangviet.promotion.services
import fairs`)."""
