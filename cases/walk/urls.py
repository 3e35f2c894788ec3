"""URLs of the walk, below ``casussen/<id:pk>/`` (see cases.urls)."""

from django.urls import path, register_converter

from maatwerk import converters  # noqa: F401 - registers <id:…>

from .. import services
from . import afwegen, besluit, signalen, verkennen, views


class StepConverter:
    """Only the six step names match: other paths under a case never reach the walk."""

    regex = "|".join(key for key, _label in services.STEPS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(StepConverter, "step")

urlpatterns = [
    path("", views.case_detail, name="detail"),
    path("<step:step>/", views.step_view, name="step"),
    path("besluit/<slug:part>/", besluit.part_view, name="decision_part"),
    path("signalen/eigen/", signalen.add_own_signal, name="add_own_signal"),
    path("signalen/eigen/<id:own_pk>/verwijderen/", signalen.delete_own_signal,
         name="delete_own_signal"),
    path("opties/nieuw/", verkennen.add_option, name="add_option"),
    path("opties/<id:option_pk>/", verkennen.option_view, name="option"),
    path("opties/<id:option_pk>/verwijderen/", verkennen.delete_option, name="delete_option"),
    path("opties/<id:option_pk>/kosten/", verkennen.add_cost_line, name="add_cost_line"),
    path("kosten/<id:line_pk>/verwijderen/", verkennen.delete_cost_line,
         name="delete_cost_line"),
    path("afwegen/mensbeeld/", afwegen.mensbeeld, name="mensbeeld"),
    path("afwegen/<id:option_pk>/", afwegen.overview, name="weigh"),
    path("afwegen/<id:option_pk>/thema/<slug:theme>/", afwegen.theme_view, name="weigh_theme"),
    path("afwegen/<id:option_pk>/eigen/", afwegen.add_own_argument, name="add_own_argument"),
    path("afwegen/eigen/<id:own_pk>/verwijderen/", afwegen.delete_own_argument,
         name="delete_own_argument"),
]
