"""Template helpers of the board side: what the board may do with a practice, and the queue's length."""

from django import template

from .. import selectors_review

register = template.Library()


@register.simple_tag(takes_context=True)
def review_permissions(context, practice):
    """``{% review_permissions practice as review %}``: the buttons to show in _review_actions.html."""
    return selectors_review.review_permissions(context["request"].user, practice)


@register.simple_tag(takes_context=True)
def review_queue_count(context):
    """How many proposals wait for the current reviewer (one COUNT query; only called on the home page)."""
    user = context["request"].user
    if not selectors_review.is_reviewer(user):
        return 0
    return selectors_review.review_queue_count(user)
