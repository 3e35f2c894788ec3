"""The weighing shown back to the professional, in their own words.

The booklet gives the Argumentenkaart no weights and leaves weighing to the professional
("Deze weging is aan de gebruikers van deze kaart"). So the app never adds weights up,
never computes a lean or a tilt, and never decides: it shows, per theme and side, which
arguments the professional weighed *zwaar*, *gemiddeld* or *licht* (heaviest first), which
they marked *n.v.t.*, and how many they have not looked at. A mirror, not a meter.
"""

from dataclasses import dataclass, field

from cards.models import CardKind, Stance
from cards.services import card_view

from .models import ArgumentWeight, OptionKind, OwnArgument, Weight


@dataclass
class Argument:
    """One argument as weighed for one option: from the card or the professional's own."""

    key: str  # "w<ArgumentWeight id>" or "o<OwnArgument id>": stable while the row exists
    text: str
    stance: str
    theme_key: str
    theme_title: str
    weight: str
    note: str
    option_id: int
    option_title: str
    own: bool
    card_key: str = ""  # the item key on the card ("a01.1"), for comments beside it

    @property
    def weight_label(self):
        return Weight(self.weight).label

    @property
    def stance_label(self):
        return Stance(self.stance).label

    @property
    def is_weighed(self):
        return self.weight in Weight.weighed()


@dataclass
class ThemeMirror:
    key: str
    title: str
    sides: dict = field(default_factory=dict)  # stance → {weight: [Argument]}
    not_applicable: list = field(default_factory=list)
    not_looked_at: int = 0

    @property
    def is_empty(self):
        return not any(self.sides[s][w] for s in self.sides for w in self.sides[s])

    def side_groups(self):
        """[(stance, label, [(weight, label, [Argument])])] with only non-empty groups."""
        return [
            (stance.value, stance.label,
             [(w.value, w.label, self.sides[stance.value][w.value]) for w in Weight.weighed()
              if self.sides[stance.value][w.value]])
            for stance in Stance
        ]


def weighed_options(case):
    return [o for o in case.options.all() if o.kind == OptionKind.MAATWERK]


def arguments_of(case, options=None, weights=None, own_arguments=None):
    """Every argument with a row for the case's maatwerk options (card arguments the
    professional touched, and their own arguments), in card order."""
    options = options if options is not None else weighed_options(case)
    titles = {o.pk: str(o) for o in options}
    if weights is None:
        weights = list(ArgumentWeight.objects.filter(case=case))
    if own_arguments is None:
        own_arguments = list(OwnArgument.objects.filter(case=case))
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    place = {}
    for section in view.sections:
        for cluster in section.clusters.all():
            for item in cluster.items.all():
                place[item.pk] = (section, cluster.stance, item)
    order = {item_pk: index for index, item_pk in enumerate(place)}
    found = []
    for row in sorted(weights, key=lambda w: (w.option_id, order.get(w.item_id, 0))):
        if row.option_id not in titles or row.item_id not in place:
            continue
        section, stance, item = place[row.item_id]
        found.append(Argument(f"w{row.pk}", item.text, stance, section.key, section.title,
                              row.weight, row.note, row.option_id, titles[row.option_id],
                              own=False, card_key=item.key))
    titles_by_theme = {s.key: s.title for s in view.sections}
    for row in own_arguments:
        if row.option_id not in titles:
            continue
        found.append(Argument(f"o{row.pk}", row.text, row.stance, row.section_key,
                              titles_by_theme.get(row.section_key, row.section_key),
                              row.weight, row.note, row.option_id, titles[row.option_id],
                              own=True))
    return found


def mirror(case, option, arguments):
    """Per theme of the card, what the professional weighed for ``option``."""
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    themes = {}
    for section in view.sections:
        themes[section.key] = ThemeMirror(section.key, section.title, sides={
            stance: {weight: [] for weight in Weight.weighed()} for stance in Stance.values})
        items = sum(len(cluster.items.all()) for cluster in section.clusters.all())
        themes[section.key].not_looked_at = items
    for argument in arguments:
        if argument.option_id != option.pk or argument.theme_key not in themes:
            continue
        theme = themes[argument.theme_key]
        if not argument.own:
            theme.not_looked_at -= argument.weight != Weight.NIET_BEKEKEN
        if argument.is_weighed:
            theme.sides[argument.stance][argument.weight].append(argument)
        elif argument.weight == Weight.NVT:
            theme.not_applicable.append(argument)
    return list(themes.values())


def decisive_and_against(case, arguments):
    """The arguments the professional marked as decisive, and the weighed arguments they
    weighed against them: those of the other side(s) for the same option(s)."""
    chosen = set(case.decisive_keys or [])
    decisive = [a for a in arguments if a.key in chosen and a.is_weighed]
    sides = {a.stance for a in decisive}
    options = {a.option_id for a in decisive}
    against = [a for a in arguments if a.is_weighed and a.key not in chosen
               and a.option_id in options and (a.stance not in sides or len(sides) > 1)]
    return decisive, against
