from django.urls import include, path

from . import views

app_name = "reviews"

case_patterns = [
    path("aanbieden/", views.submit, name="submit"),
    path("beoordelen/", views.review, name="review"),
    path("heropenen/", views.reopen, name="reopen"),
    path("advies/", views.advice, name="advice"),
    path("advies/gegeven/", views.advice_done, name="advice_done"),
    path("opmerkingen/", views.comment, name="comment"),
    path("versies/", views.revisions, name="revisions"),
    path("versies/<int:number>/", views.revision, name="revision"),
    path("versies/<int:old>/<int:new>/", views.compare, name="compare"),
]

urlpatterns = [
    path("te-beoordelen/", views.queue, name="queue"),
    path("casussen/<int:pk>/", include(case_patterns)),
]
