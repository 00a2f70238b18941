# Vietnamese write the day first, with slashes (Django's own vi formats use dashes).
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
