"""Pages of at most 500 items; ``limit`` and ``offset`` are bounded so every request is cheap."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

__all__ = ["MAX_LIMIT", "Page"]

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Items per page (at most 500).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")
