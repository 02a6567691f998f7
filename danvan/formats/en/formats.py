# The portal keeps dd/mm/yyyy in English too: the documents it mirrors are Vietnamese.
# Numbers keep English separators, so only the date and time formats are shared.
from danvan.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
