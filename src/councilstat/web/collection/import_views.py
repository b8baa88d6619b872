"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def preview(request, **kwargs):
    raise Http404


def template(request, **kwargs):
    raise Http404


def upload(request, **kwargs):
    raise Http404
