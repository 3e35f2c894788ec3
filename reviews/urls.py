from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("te-beoordelen/", views.queue, name="queue"),
    path("casussen/<int:pk>/aanbieden/", views.submit, name="submit"),
    path("casussen/<int:pk>/beoordelen/", views.review, name="review"),
    path("casussen/<int:pk>/heropenen/", views.reopen, name="reopen"),
    path("casussen/<int:pk>/advies/", views.advice, name="advice"),
    path("casussen/<int:pk>/advies/gegeven/", views.advice_done, name="advice_done"),
    path("casussen/<int:pk>/opmerkingen/", views.comment, name="comment"),
    path("casussen/<int:pk>/versies/", views.revisions, name="revisions"),
    path("casussen/<int:pk>/versies/<int:number>/", views.revision, name="revision"),
    path("casussen/<int:pk>/versies/<int:old>/<int:new>/", views.compare, name="compare"),
]
