"""Two reference pages for the bench, never served by the app (bench/run.py only): the floor
(the cheapest authenticated Django response on this stack: the app's whole middleware chain
and a login check, no template) and the site's base page with an empty body (base.html:
header, menu, footer, the same context processors). Walk pages are reported against them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request):
    return HttpResponse("ok")


@login_required
def base_page(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/base/", base_page),
    path("", include("maatwerk.urls")),
]
