"""How long a text and how large a number the portal takes (forms apply them: forms/limits.py)."""

import datetime

# About ten typed pages: far more than any registration field or report section needs, small enough to index,
# render and print quickly.
TEXT_MAX_LENGTH = 20_000
# The largest sum of money (VND) a commune's practice plausibly mobilizes, with room to spare: a million billion.
MONEY_MAX = 10**15
# The range of the database's integer columns (counts of people, workdays, m²).
COUNT_MAX = 2_147_483_647
DATE_MIN = datetime.date(1990, 1, 1)
DATE_YEARS_AHEAD = 10
