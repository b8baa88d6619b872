"""Running the service: request IDs, JSON logs, error pages, and backup and restore."""
