"""Template helpers of the board side: what the board may do with a practice, and the queue's length."""

from django import template

from .. import permissions
from ..selectors.review import review_queue_count as queue_count

register = template.Library()


@register.simple_tag(takes_context=True)
def review_permissions(context, practice):
    """``{% review_permissions practice as review %}``: the buttons to show in _review_actions.html."""
    return permissions.review_permissions(context["request"].user, practice)


@register.simple_tag(takes_context=True)
def review_queue_count(context):
    """How many proposals wait for the current reviewer (one COUNT query; only called on the home page)."""
    user = context["request"].user
    if not permissions.is_reviewer(user):
        return 0
    return queue_count(user=user)
