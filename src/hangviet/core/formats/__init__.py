"""Date formats per language (settings.FORMAT_MODULE_PATH): templates write `|date:"SHORT_DATE_FORMAT"` and a
page in Vietnamese shows 03/12/2026, the same page in English 3 Dec 2026. What is not set here is Django's."""
