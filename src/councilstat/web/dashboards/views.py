"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def exceptions(request, **kwargs):
    raise Http404


def home(request, **kwargs):
    raise Http404


def measure(request, **kwargs):
    raise Http404


def outcome(request, **kwargs):
    raise Http404


def overview(request, **kwargs):
    raise Http404


def priority(request, **kwargs):
    raise Http404
