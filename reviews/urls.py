from django.urls import include, path

from maatwerk import converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "reviews"

case_patterns = [
    path("aanbieden/", views.submit, name="submit"),
    path("beoordelen/", views.review, name="review"),
    path("heropenen/", views.reopen, name="reopen"),
    path("advies/", views.advice, name="advice"),
    path("advies/gegeven/", views.advice_done, name="advice_done"),
    path("advies/<id:request_pk>/intrekken/", views.advice_withdraw, name="advice_withdraw"),
    path("opmerkingen/", views.comment, name="comment"),
    path("versies/", views.revisions, name="revisions"),
    path("versies/<id:number>/", views.revision, name="revision"),
    path("versies/<id:old>/<id:new>/", views.compare, name="compare"),
]

urlpatterns = [
    path("te-beoordelen/", views.queue, name="queue"),
    path("casussen/<id:pk>/", include(case_patterns)),
]
