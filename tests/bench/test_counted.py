"""bench/run.py's measuring helper: statements counted, template time without their SQL."""

import time

import pytest
from django.template import Context, Template

from bench.run import counted
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_counts_statements_and_leaves_a_templates_sql_out_of_its_time():
    from cases.models import Case

    CaseFactory()
    template = Template("{% for c in cases %}{{ c.pk }}{% endfor %}")
    with counted() as counter:
        start = time.perf_counter()
        html = template.render(Context({"cases": Case.objects.all()}))
        wall = (time.perf_counter() - start) * 1000
    assert html.strip()
    assert counter.count == 1
    assert counter.template_sql > 0  # the lazy queryset ran while the template rendered
    assert 0 <= counter.template_ms < wall


def test_nested_templates_count_once_and_the_patch_is_undone():
    outer = Template("{% include inner %}{% include inner %}")
    inner = Template("x")
    render = Template.render
    with counted() as counter:
        assert outer.render(Context({"inner": inner})) == "xx"
        assert counter.depth == 0
    assert Template.render is render
