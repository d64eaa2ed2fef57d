from django import template

from zorgzaam.community.recurrence import describe_activity

register = template.Library()


@register.filter
def repeat_text(activity) -> str:
    """The activity's repeat rule in words, in the reader's language."""
    return describe_activity(activity)
