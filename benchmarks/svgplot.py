"""Line charts as SVG, for the benchmark pictures (no plotting library needed; plain Python, runs
under CPython and bin/interpreters alike).

    chart = svgplot.Figure(title, panels)  # panels: a list of Panel
    open('x.svg', 'w').write(chart.svg())
"""
import math

COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']
PANEL_W, PANEL_H = 330, 250
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 28, 44


class Series:
    def __init__(self, label, points, colour=None, dashed=False, markers=True):
        self.label = label
        self.points = [(x, y) for x, y in points if x is not None and y is not None]
        self.colour = colour
        self.dashed = dashed
        self.markers = markers


class Panel:
    """One chart: series of (x, y) points; optional horizontal reference lines (y, label)."""

    def __init__(self, title, series, xlabel, ylabel, logx=False, logy=False, hlines=(), ymin=None):
        self.title, self.series, self.xlabel, self.ylabel = title, series, xlabel, ylabel
        self.logx, self.logy, self.hlines, self.ymin = logx, logy, list(hlines), ymin


def _esc(s):
    return str(s).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def _nice_ticks(lo, hi, log):
    if log:
        ticks = []
        e = math.floor(math.log10(lo))
        while 10 ** e <= hi * 1.0001:
            for m in (1, 2, 5):
                v = m * 10 ** e
                if lo / 1.0001 <= v <= hi * 1.0001:
                    ticks.append(v)
            e += 1
        return ticks or [lo, hi]
    span = hi - lo or 1.0
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    start = math.ceil(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-6:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _fmt(v):
    if v == 0:
        return '0'
    if abs(v) >= 100 or v == int(v):
        return '%d' % v if v == int(v) else '%.0f' % v
    if abs(v) >= 1:
        return ('%.1f' % v).rstrip('0').rstrip('.')
    return ('%.2f' % v).rstrip('0').rstrip('.') if abs(v) >= 0.01 else '%.0e' % v


class Figure:
    def __init__(self, title, panels, note=''):
        self.title, self.panels, self.note = title, panels, note

    def svg(self):
        n = len(self.panels)
        width = n * PANEL_W
        legend = []
        for p in self.panels:
            for s in p.series:
                if s.label not in [l for l, _, _ in legend]:
                    legend.append((s.label, s.colour, s.dashed))
        for i, (label, colour, dashed) in enumerate(legend):
            if colour is None:
                legend[i] = (label, COLOURS[i % len(COLOURS)], dashed)
        colour_of = {l: c for l, c, _ in legend}
        head = 26 + (14 if self.note else 0)
        # The legend flows left to right, wrapping: (x, row) of each entry, by its text's length.
        places, x, row = [], 20, 0
        for label, _, _ in legend:
            w = 30 + 7 * len(label) + 24
            if x + w > width and x > 20:
                x, row = 20, row + 1
            places.append((x, row))
            x += w
        height = head + PANEL_H + 22 * (row + 1) + 8
        out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
               'font-family="sans-serif" font-size="11">' % (width, height, width, height),
               '<rect width="100%" height="100%" fill="white"/>',
               '<text x="%d" y="17" text-anchor="middle" font-size="14" font-weight="bold">%s</text>'
               % (width // 2, _esc(self.title))]
        if self.note:
            out.append('<text x="%d" y="33" text-anchor="middle" fill="#555">%s</text>' % (width // 2, _esc(self.note)))
        for k, p in enumerate(self.panels):
            out.extend(self._panel(p, k * PANEL_W, head, colour_of))
        y = head + PANEL_H + 14
        for (label, colour, dashed), (x, row) in zip(legend, places):
            yy = y + 22 * row
            out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                       % (x, yy - 4, x + 24, yy - 4, colour, ' stroke-dasharray="5,3"' if dashed else ''))
            out.append('<text x="%d" y="%d">%s</text>' % (x + 30, yy, _esc(label)))
        out.append('</svg>')
        return '\n'.join(out) + '\n'

    def _panel(self, p, x0, y0, colour_of):
        pts = [pt for s in p.series for pt in s.points]
        out = []
        pw, ph = PANEL_W - LEFT - RIGHT, PANEL_H - TOP - BOTTOM
        ox, oy = x0 + LEFT, y0 + TOP
        out.append('<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s</text>'
                   % (x0 + LEFT + pw // 2, y0 + 16, _esc(p.title)))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (ox, oy, pw, ph))
        if not pts:
            out.append('<text x="%d" y="%d" text-anchor="middle" fill="#999">no data</text>' % (ox + pw // 2, oy + ph // 2))
            return out
        xs = [x for x, _ in pts]
        ys = [y for _, y in pts] + [y for y, _ in p.hlines]
        xlo, xhi = min(xs), max(xs)
        ylo, yhi = min(ys), max(ys)
        if p.logx:
            xlo, xhi = xlo / 1.3, xhi * 1.3
        else:
            pad = (xhi - xlo) * 0.04 or 1
            xlo, xhi = xlo - pad, xhi + pad
        if p.logy:
            ylo, yhi = ylo / 1.4, yhi * 1.4
        else:
            ylo = 0 if p.ymin is None else p.ymin
            yhi = yhi * 1.08 or 1

        def fx(x):
            if p.logx:
                return ox + pw * (math.log(x) - math.log(xlo)) / (math.log(xhi) - math.log(xlo))
            return ox + pw * (x - xlo) / ((xhi - xlo) or 1)

        def fy(y):
            if p.logy:
                return oy + ph - ph * (math.log(y) - math.log(ylo)) / (math.log(yhi) - math.log(ylo))
            return oy + ph - ph * (y - ylo) / ((yhi - ylo) or 1)

        for t in _nice_ticks(ylo, yhi, p.logy):
            yy = fy(t)
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/>' % (ox, yy, ox + pw, yy))
            out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (ox - 4, yy + 4, _fmt(t)))
        xticks = _nice_ticks(max(xlo, 1e-9) if p.logx else xlo, xhi, p.logx)
        if not p.logx:
            xticks = [t for t in xticks if t == int(t)] or xticks
        for t in xticks:
            xx = fx(t)
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999"/>' % (xx, oy + ph, xx, oy + ph + 4))
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (xx, oy + ph + 15, _fmt(t)))
        out.append('<text x="%d" y="%d" text-anchor="middle">%s</text>' % (ox + pw // 2, oy + ph + 32, _esc(p.xlabel)))
        out.append('<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>'
                   % (x0 + 14, oy + ph // 2, x0 + 14, oy + ph // 2, _esc(p.ylabel)))
        for y, label in p.hlines:
            yy = fy(y)
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#777" stroke-dasharray="2,3"/>'
                       % (ox, yy, ox + pw, yy))
            out.append('<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>' % (ox + pw - 3, yy - 3, _esc(label)))
        for s in p.series:
            colour = s.colour or colour_of[s.label]
            path = ' '.join('%s%.1f,%.1f' % ('M' if i == 0 else 'L', fx(x), fy(y)) for i, (x, y) in enumerate(s.points))
            out.append('<path d="%s" fill="none" stroke="%s" stroke-width="2"%s/>'
                       % (path, colour, ' stroke-dasharray="5,3"' if s.dashed else ''))
            if s.markers:
                for x, y in s.points:
                    out.append('<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>' % (fx(x), fy(y), colour))
        return out
