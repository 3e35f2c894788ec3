"""A paginator that never counts more than it shows.

Counting every match of a common word in a million cases costs seconds (issue 18); nobody
pages beyond the first thousand results. CappedPaginator counts at most ``cap + 1`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``) and offers the first ``cap``; ``capped`` says
there are more, so the page can ask to search or filter instead."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or CAP

    @cached_property
    def _bounded_count(self):
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._bounded_count, self.cap)

    @property
    def capped(self):
        return self._bounded_count > self.cap


def other_parameters(request):
    """The query string of this list page without its page number, for the pagination links
    (templates/_pagination.html's ``keep``): the filters stay when paging."""
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()
