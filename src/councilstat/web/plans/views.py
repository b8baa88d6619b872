"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def edit_measure(request, **kwargs):
    raise Http404


def edit_target(request, **kwargs):
    raise Http404


def edit_user(request, **kwargs):
    raise Http404


def manage(request, **kwargs):
    raise Http404


def users(request, **kwargs):
    raise Http404
