"""What every web app shares: the service errors, the form mixin that shows them, the period
URL converters, the audit reason and the signal that published figures changed.

This package is the bottom of the web layers: it imports nothing from the other web apps, so
any of them can use it without depending on one another.
"""
