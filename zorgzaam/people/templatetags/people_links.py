"""Link a person's name to their page only when the actor may open it (no links that end in a refusal)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from zorgzaam.people.services import can_view_person

register = template.Library()


@register.simple_tag(takes_context=True)
def person_link(context, person):
    """The full name, as a link to the person page when the actor may open it."""
    actor = context.get("actor")
    if actor is not None and can_view_person(actor, person):
        return format_html(
            '<a href="{}">{}</a>', reverse("people:detail", args=[person.pk]), person.full_name
        )
    return person.full_name
