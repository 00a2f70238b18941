"""Pages of trade promotion, one module per sub-domain; urls.py keeps the one URL table. Thin: the
services decide."""
