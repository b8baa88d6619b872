"""Template tags for the page layout shared by every area.

``{% unique_id "table" as table_id %}`` gives an id unique within the page being rendered
(``table-1``, ``table-2``, …), for an element that another labels itself by, such as a wide
table's caption naming the scrolling region round it (``aria-labelledby``), also when the table
is in an included template or a loop.
"""

from __future__ import annotations

import itertools

from django import template

register = template.Library()

_COUNTER = "_councilstat_unique_ids"
_WITHOUT_REQUEST = itertools.count(1)


@register.simple_tag(takes_context=True)
def unique_id(context: template.Context, prefix: str) -> str:
    """``prefix`` and a number not yet given out while rendering this request's page.

    A fragment drawn without the request (a cached part of a page, ``render_to_string``)
    takes its number from a count kept for the whole process, so it never repeats an id of the
    page it is put into (``table-x1``, ``table-x2``, …)."""
    request = context.get("request")
    if request is None:
        return f"{prefix}-x{next(_WITHOUT_REQUEST)}"
    number = getattr(request, _COUNTER, 0) + 1
    setattr(request, _COUNTER, number)
    return f"{prefix}-{number}"
