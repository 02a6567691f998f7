"""A person's name, and a practice's, as Vietnamese writes them."""

from django.utils.translation import gettext_lazy as _
from unidecode import unidecode


def person_name(user):
    """A person's name in Vietnamese order, family name first ("Phạm Quốc Khánh").

    Django's get_full_name() puts the given name first, which reads wrongly in Vietnamese.
    """
    if user is None:
        return ""
    return " ".join(part for part in (user.last_name, user.first_name) if part) or user.get_username()


# What a practice is called in a sentence, by its kind (Practice.kind); the lower-case words, as inside a sentence.
KIND_WORDS = {"model": _("mô hình"), "exemplar": _("điển hình")}
# Titles that already say what they are ("Mô hình “Dân vận khéo” …", "Điển hình …") are not prefixed again.
_SELF_NAMING = ("mo hinh ", "dien hinh ")
_OPENING_QUOTES = ("“", '"', "«", "‘", "'")


def practice_phrase(practice, *, start=False):
    """The practice named as a sentence needs it, whatever its title starts with.

    ``mô hình “Thắp sáng đường quê”`` or ``điển hình “Ông Nguyễn Văn A”`` by its kind; a title that already starts
    with "Mô hình" or "Điển hình" names itself (``mô hình “Dân vận khéo” thắp sáng đường quê``), and a title that
    opens with quotation marks is not quoted twice. ``start``: capitalised, for the start of a sentence.
    """
    title = " ".join(str(practice.title).split())
    if unidecode(title[:11]).lower().startswith(_SELF_NAMING) and len(title.split(" ", 2)) > 1:
        words = title.split(" ", 2)
        phrase = " ".join([words[0].lower(), words[1].lower(), *words[2:]])
    elif title.startswith(_OPENING_QUOTES):
        phrase = f"{KIND_WORDS.get(practice.kind, KIND_WORDS['model'])} {title}"
    else:
        phrase = f"{KIND_WORDS.get(practice.kind, KIND_WORDS['model'])} “{title}”"
    return phrase[:1].upper() + phrase[1:] if start else phrase
