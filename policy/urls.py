from django.urls import path

from . import question_views, views

app_name = "policy"

urlpatterns = [
    path("signalen-voor-beleid/", views.insight, name="insight"),
    path("beleid/signalen/", views.signals, name="signals"),
    path("beleid/signalen/<int:pk>/", views.signal, name="signal"),
    path("beleid/vragen/", question_views.question_list, name="questions"),
    path("beleid/vragen/nieuw/", question_views.new_question, name="new_question"),
    path("beleid/vragen/<int:pk>/", question_views.question, name="question"),
    path("beleid/vragen/<int:pk>/gegevens/", question_views.details, name="question_details"),
    path("beleid/vragen/<int:pk>/koppelen/", question_views.links, name="question_links"),
    path("beleid/vragen/<int:pk>/afronden/", question_views.conclude, name="question_conclude"),
    path("beleid/vragen/<int:pk>/geschiedenis/", question_views.history,
         name="question_history"),
]
