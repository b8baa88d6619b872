"""The REST API, mounted at /api/v1/ (schema at /api/v1/openapi.json, docs at /api/v1/docs).

Routers are added in ``api.py``; this module only mounts it.
"""

urlpatterns: list[object] = []
