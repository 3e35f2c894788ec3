"""The options' costs over the years, and where two options cross (Verkennen)."""

from dataclasses import dataclass, field
from decimal import Decimal

YEARS = range(1, 6)


@dataclass
class CostComparison:
    options: list
    rows: list  # [(year, [cost per option])]
    crossings: list = field(default_factory=list)
    chart: dict = field(default_factory=dict)


def cost_comparison(options):
    """Cumulative cost per option over 1–5 years and where the lines cross."""
    costed = [o for o in options if o.one_off_cost is not None or o.yearly_cost is not None]
    rows = [(year, [o.cumulative_cost(year) for o in costed]) for year in YEARS]
    crossings = []
    for i, a in enumerate(costed):
        for b in costed[i + 1 :]:
            da = (a.one_off_cost or 0) - (b.one_off_cost or 0)
            dy = (b.yearly_cost or 0) - (a.yearly_cost or 0)
            if dy == 0:
                continue
            year = Decimal(da) / Decimal(dy)  # a(t) == b(t)
            if 0 < year <= 5:
                cheaper_after = a if (a.yearly_cost or 0) < (b.yearly_cost or 0) else b
                other = b if cheaper_after is a else a
                crossings.append({
                    "year": year.quantize(Decimal("0.1")),
                    "cheaper": cheaper_after,
                    "other": other,
                })
    return CostComparison(options=costed, rows=rows, crossings=crossings,
                          chart=_cost_chart(costed, rows))


def _cost_chart(options, rows, width=560, height=220, pad=84):
    """Geometry for a small SVG line chart (no JavaScript)."""
    if not options:
        return {}
    peak = max((max(costs) for _year, costs in rows), default=Decimal(0)) or Decimal(1)
    plot_w, plot_h = width - pad - 16, height - pad - 16

    def x(year):
        return round(pad + (year - 1) * plot_w / 4, 1)

    def y(value):
        return round(16 + plot_h - float(value) / float(peak) * plot_h, 1)

    lines = []
    for index, option in enumerate(options):
        points = " ".join(f"{x(year)},{y(costs[index])}" for year, costs in rows)
        lines.append({"option": option, "points": points, "style": index % 6})
    ticks = [{"x": x(year), "label": year} for year in YEARS]
    grid = [{"y": y(peak * f / 4), "label": peak * f / 4} for f in range(5)]
    return {"width": width, "height": height, "lines": lines, "ticks": ticks, "grid": grid,
            "left": pad, "bottom": 16 + plot_h, "right": width - 16}
