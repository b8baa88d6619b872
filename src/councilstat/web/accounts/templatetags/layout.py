"""Template tags for the page layout shared by every area.

``{% unique_id "table" as table_id %}`` gives an id unique within the page being rendered
(``table-1``, ``table-2``, …), for an element that another labels itself by, such as a wide
table's caption naming the scrolling region round it (``aria-labelledby``), also when the table
is in an included template or a loop.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

_COUNTER = "_councilstat_unique_ids"


@register.simple_tag(takes_context=True)
def unique_id(context: template.Context, prefix: str) -> str:
    """``prefix`` and a number not yet given out while rendering this request's page."""
    holder: Any = context.get("request") or context.render_context
    number = getattr(holder, _COUNTER, 0) + 1
    setattr(holder, _COUNTER, number)
    return f"{prefix}-{number}"
