"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def approvals(request, **kwargs):
    raise Http404


def approve(request, **kwargs):
    raise Http404


def entry(request, **kwargs):
    raise Http404


def members(request, **kwargs):
    raise Http404


def my_measures(request, **kwargs):
    raise Http404


def my_measures_for(request, **kwargs):
    raise Http404


def periods(request, **kwargs):
    raise Http404


def publish(request, **kwargs):
    raise Http404


def restate(request, **kwargs):
    raise Http404


def return_value(request, **kwargs):
    raise Http404
