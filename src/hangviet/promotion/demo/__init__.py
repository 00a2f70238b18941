"""The trade-promotion demo, one module per sub-domain; `loader.load_demo` builds it all."""
