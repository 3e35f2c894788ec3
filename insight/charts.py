"""Geometry for the server-side SVG charts of teaminzicht (no JavaScript; strict CSP).

Each chart is drawn beside a table with the same figures; the template gives it
role="img", a title and a description."""

from decimal import Decimal


def stacked_months(months, width=640, height=240, left=40, bottom=28, top=12):
    """Stacked bars: decisions per month, one segment per outcome."""
    if not months:
        return {}
    peak = max((m["n"] for m in months), default=0) or 1
    plot_h = height - top - bottom
    slot = (width - left - 8) / len(months)
    bar = max(4.0, slot * 0.7)
    bars = []
    for index, month in enumerate(months):
        x = round(left + index * slot + (slot - bar) / 2, 1)
        y = top + plot_h
        segments = []
        for style, count in enumerate(month["counts"]):
            h = round(count / peak * plot_h, 1)
            y = round(y - h, 1)
            if count:
                segments.append({"y": y, "h": h, "style": style, "n": count})
        bars.append({"x": x, "w": round(bar, 1), "segments": segments, "month": month["month"],
                     "label": index % max(1, len(months) // 12) == 0})
    grid = [{"y": round(top + plot_h - plot_h * f / 4, 1), "label": round(peak * f / 4)}
            for f in range(5)]
    return {"width": width, "height": height, "bars": bars, "grid": grid, "left": left,
            "right": width - 8, "base": top + plot_h, "label_y": height - 8}


def budget_bars(rows, width=640, row_h=34, left=180):
    """Horizontal bars: the period's yearly cost of the chosen options per regeling, with
    the budget for the period as a mark."""
    rows = [r for r in rows if r["yearly_cost"] or r["period_budget"]]
    if not rows:
        return {}
    peak = max(max(r["yearly_cost"], r["period_budget"] or Decimal(0)) for r in rows) or 1
    plot_w = width - left - 16
    lines = []
    for index, row in enumerate(rows):
        y = 8 + index * row_h
        lines.append({
            "name": row["name"], "y": y, "text_y": y + 13,
            "w": round(float(row["yearly_cost"] / peak) * plot_w, 1),
            "mark": round(left + float((row["period_budget"] or 0) / peak) * plot_w, 1)
            if row["period_budget"] is not None else None,
        })
    return {"width": width, "height": 16 + len(rows) * row_h, "lines": lines, "left": left,
            "row_h": row_h - 14}
