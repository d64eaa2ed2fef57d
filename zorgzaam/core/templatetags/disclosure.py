"""{% disclosure_symbol as symbol %}: the one symbol for a hidden cell, for each page's translated note."""

from django import template

from zorgzaam.core.disclosure import SYMBOL

register = template.Library()


@register.simple_tag
def disclosure_symbol():
    return SYMBOL
