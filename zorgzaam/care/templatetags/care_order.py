from django import template

from zorgzaam.care.ordering import waiting_words

register = template.Library()


@register.filter
def waiting(since) -> str:
    """{{ req.last_activity_at|waiting }} -> 'waiting 2 months' (care/ordering.py)."""
    return waiting_words(since)


@register.simple_tag
def request_next_steps(req, has_active_match=False):
    """{% request_next_steps req has_active_match as steps %} (care/next_steps.py)."""
    from zorgzaam.care.next_steps import next_steps

    return next_steps(req, has_active_match=bool(has_active_match))
