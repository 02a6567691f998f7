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


@register.inclusion_tag("models_registry/practices/_board_desk.html", takes_context=True)
def board_desk(context, practice):
    """``{% board_desk practice %}``: the board's private notes and assignment (nothing for anybody else)."""
    from ..selectors.board import board_desk_of

    request = context["request"]
    return {"desk": board_desk_of(user=request.user, practice=practice), "practice": practice, "request": request}


@register.inclusion_tag("models_registry/practices/_photo_public.html", takes_context=True)
def photo_public_toggle(context, attachment, practice):
    """``{% photo_public_toggle attachment practice %}``: the board's "show on the public page" switch of a photo."""
    request = context["request"]
    shown = "publish" in permissions.board_desk(request.user, practice) and attachment.content_type.startswith("image/")
    return {"shown": shown, "attachment": attachment, "request": request}
