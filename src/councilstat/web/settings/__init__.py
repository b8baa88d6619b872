"""Settings: ``base`` holds production-safe defaults; ``dev``, ``test`` and ``production``
each adjust it for one way of running."""
