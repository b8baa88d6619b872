"""The domain core: periods, the plan, rating, summary, narrative and statistics.

Pure Python: nothing here imports Django or touches files, the network or a database,
so the same functions serve the command line, the web application and batch jobs.
"""
