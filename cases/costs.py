"""The options' costs over the years, per party, and where two options cross (Verkennen).

An option has cost lines (cases.models.CostLine): costs, income or savings, one-off or
yearly, each for one party. Here they become the net cost per option (and per party) after
1 to 5 years. A negative net is a saving. These are facts the professional entered, added up
per option; the weighing itself is never added up (cases.weighing)."""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import CostBearer, CostPeriod

YEARS = range(1, 6)


@dataclass
class CostComparison:
    options: list
    rows: list  # [(year, [net cost per option])]
    crossings: list = field(default_factory=list)
    chart: dict = field(default_factory=dict)
    parties: list = field(default_factory=list)  # [PartyRow]


@dataclass
class PartyRow:
    """One party's net cost of each option: one-off, per year and after five years."""

    party: str
    label: str
    cells: list  # [{"one_off", "yearly", "five_years"}] per option


def cost_comparison(options):
    """Net cost per option over 1–5 years, per party, and where the lines cross.

    ``options`` should come with their ``cost_lines`` prefetched."""
    costed = [o for o in options if o.lines()]
    rows = [(year, [o.cumulative_cost(year) for o in costed]) for year in YEARS]
    return CostComparison(options=costed, rows=rows, crossings=_crossings(costed),
                          chart=_cost_chart(costed, rows), parties=_parties(costed))


def _parties(options):
    present = {line.party for o in options for line in o.lines()}
    table = []
    for party, label in CostBearer.choices:
        if party not in present:
            continue
        cells = [{"one_off": o.net(CostPeriod.EENMALIG, party),
                  "yearly": o.net(CostPeriod.PER_JAAR, party),
                  "five_years": o.cumulative_cost(5, party)} for o in options]
        table.append(PartyRow(party, str(label), cells))
    return table


def _crossings(options):
    """Where two options' net totals cross within five years: a(t) == b(t)."""
    found = []
    for i, a in enumerate(options):
        for b in options[i + 1:]:
            da = a.net(CostPeriod.EENMALIG) - b.net(CostPeriod.EENMALIG)
            dy = b.net(CostPeriod.PER_JAAR) - a.net(CostPeriod.PER_JAAR)
            if dy == 0:
                continue
            year = Decimal(da) / Decimal(dy)
            if 0 < year <= 5:
                cheaper = a if a.net(CostPeriod.PER_JAAR) < b.net(CostPeriod.PER_JAAR) else b
                found.append({"year": year.quantize(Decimal("0.1")), "cheaper": cheaper,
                              "other": b if cheaper is a else a})
    return found


def _cost_chart(options, rows, width=560, height=220, pad=84):
    """Geometry for a small SVG line chart (no JavaScript); savings go below zero."""
    if not options:
        return {}
    values = [value for _year, costs in rows for value in costs]
    low, high = min(min(values), Decimal(0)), max(max(values), Decimal(0))
    span = (high - low) or Decimal(1)
    plot_w, plot_h = width - pad - 16, height - pad - 16

    def x(year):
        return round(pad + (year - 1) * plot_w / 4, 1)

    def y(value):
        return round(16 + plot_h - float(value - low) / float(span) * plot_h, 1)

    lines = []
    for index, option in enumerate(options):
        points = " ".join(f"{x(year)},{y(costs[index])}" for year, costs in rows)
        lines.append({"option": option, "points": points, "style": index % 6})
    ticks = [{"x": x(year), "label": year} for year in YEARS]
    grid = [{"y": y(low + span * f / 4), "label": low + span * f / 4} for f in range(5)]
    return {"width": width, "height": height, "lines": lines, "ticks": ticks, "grid": grid,
            "left": pad, "bottom": 16 + plot_h, "right": width - 16}
