"""CouncilStat: performance management and reporting for UK councils."""

__version__ = "0.1.0"
