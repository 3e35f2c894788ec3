"""The regeling's place, stored on each structural signal (StructuralSignal.regeling_rank).

The beleidsmaker's list of signals is grouped by regeling in the order beheer gave them
(order, then name). Sorting on a joined table cannot use an index, so each signal keeps its
regeling's rank: a signal's save() sets it, and a change to the list of regelingen (a new
one, another order or name, one removed) re-ranks the signals whose rank moved, in the same
transaction. Functions take models, so the data migration can pass its historical ones.
"""

NO_REGELING_RANK = 32767  # a signal without regeling comes after every regeling


def ranks(regeling_model=None):
    """{regeling id: rank}, 0 for the first regeling in the order beheer gave."""
    if regeling_model is None:
        from cases.models import Regeling as regeling_model
    pks = regeling_model.objects.order_by("order", "name", "pk").values_list("pk", flat=True)
    return {pk: rank for rank, pk in enumerate(pks)}


def rank_of(regeling_id):
    if regeling_id is None:
        return NO_REGELING_RANK
    return ranks().get(regeling_id, NO_REGELING_RANK)


def rerank(regeling_model=None, signal_model=None):
    """Give every signal its regeling's current rank; touches only the signals whose rank
    moved (one UPDATE per regeling, each on an index). Returns how many changed."""
    if signal_model is None:
        from .models import StructuralSignal as signal_model
    changed = 0
    for regeling_id, rank in ranks(regeling_model).items():
        changed += (signal_model.objects.filter(regeling_id=regeling_id)
                    .exclude(regeling_rank=rank).update(regeling_rank=rank))
    changed += (signal_model.objects.filter(regeling_id=None)
                .exclude(regeling_rank=NO_REGELING_RANK).update(regeling_rank=NO_REGELING_RANK))
    return changed
