"""The statistics engine: the figures of many series at once (placeholder docstring)."""

from councilstat.core.engine.spc import SpcBatch, spc_batch

__all__ = ["SpcBatch", "spc_batch"]
