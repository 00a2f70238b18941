# Vietnamese write the day first, with slashes (Django's own vi formats use dashes).
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
# Thousands grouped with a dot, decimals after a comma ("410.252 tấn", "72,5 điểm"): Django's vi formats
# leave NUMBER_GROUPING unset, so floatformat's "g" and number_format's grouping did nothing.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
