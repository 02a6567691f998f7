"""The API's side of the second factor (issue 13): the one check, asked by the token page and the API's sessions.

A token is created only from a session that owes no second factor (``accounts.second_factor.second_factor_pending``:
boards, provincial staff and administrators must have passed it; an officer who chose one too), and the API's
session authentication accepts only such a session: the API never becomes a way around the second factor.
"""

from accounts.second_factor import second_factor_pending


def session_passed_second_factor(request) -> bool:
    """True when this signed-in session owes no second factor (django-otp verified it, or none is asked)."""
    return not second_factor_pending(request.user)
