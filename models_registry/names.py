"""A person's name as Vietnamese writes it."""


def person_name(user):
    """A person's name in Vietnamese order, family name first ("Phạm Quốc Khánh").

    Django's get_full_name() puts the given name first, which reads wrongly in Vietnamese.
    """
    if user is None:
        return ""
    return " ".join(part for part in (user.last_name, user.first_name) if part) or user.get_username()
