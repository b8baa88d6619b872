"""The REST API, mounted at /api/v1/ (schema at /api/v1/openapi.json, the reference at
/api/v1/docs, the interactive explorer at /api/v1/explorer),
and the signed-in user's token pages at /api/v1/tokens/.

The API's own URLs are in the ``api`` namespace (``api:openapi-json``, ``api:openapi-view``).
"""

from django.urls import path

from councilstat.web.api import views
from councilstat.web.api.api import api, explorer

urlpatterns = [
    path("tokens/", views.tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="api-token-revoke"),
    path("explorer", explorer, name="api-explorer"),
    path("", api.urls),
]
