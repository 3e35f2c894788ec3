"""Step 1, Casus: the case as the professional sees it. Every field lives on the case row."""

from ..forms import CasusForm
from .common import case_row_step


def casus_step(request, case):
    return case_row_step(request, case, "casus", CasusForm, "cases/step_casus.html")
