from .models.units import Role, memberships_of


def portal(request):
    """The user's roles, for the navigation bar."""
    memberships = memberships_of(request.user)
    roles = {m.role for m in memberships}
    return {
        "memberships": memberships,
        "is_officer": Role.OFFICER in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_provincial": Role.PROVINCIAL in roles,
    }
