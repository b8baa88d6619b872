"""Background jobs: slow work (committee reports, large imports, reminders) run by a huey worker,
with a page for each job; ``services`` is the API other apps use."""
