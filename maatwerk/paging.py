"""A paginator that never counts more than it shows.

Counting every match of a common word in a million cases costs seconds (issue 18); nobody
pages beyond the first thousand results. CappedPaginator counts at most ``cap + 1`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``) and offers the first ``cap``; ``capped`` says
there are more, so the page can ask to search or filter instead."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext

CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or CAP

    @cached_property
    def _bounded_count(self):
        return CappedCount.of(self.object_list, self.cap)

    @cached_property
    def count(self):
        return self._bounded_count.n

    @property
    def capped(self):
        return self._bounded_count.capped


@dataclass
class CappedCount:
    """A count that stops at ``cap``: reads at most cap + 1 rows. Shows as the number, or
    as "meer dan 1.000" past the cap; ``n`` is the number (at most the cap) for plurals."""

    n: int
    capped: bool
    cap: int

    @classmethod
    def of(cls, queryset, cap=None):
        cap = cap or CAP
        found = queryset[: cap + 1].count()
        return cls(min(found, cap), found > cap, cap)

    def __str__(self):
        if self.capped:
            return gettext("meer dan %(n)s") % {"n": number_format(self.cap, force_grouping=True)}
        return number_format(self.n)


def other_parameters(request, name="pagina"):
    """The query string of this list page without its page number (the parameter ``name``),
    for the pagination links (templates/_pagination.html's ``keep``): the filters stay when
    paging."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
