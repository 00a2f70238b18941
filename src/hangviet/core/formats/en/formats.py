# The month as a word: "3 Dec 2026" reads the same to a reader from anywhere (03/12 does not).
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
