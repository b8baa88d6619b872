"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def measure_history(request, **kwargs):
    raise Http404


def measure_history_csv(request, **kwargs):
    raise Http404
