/**
 * The report page's script (plain ES2017, inlined; no library, no network). It adds to the static
 * SVG charts what a picture cannot do on its own:
 *
 *   - hover a task bar: key, function, worker, start, duration (and the count of a merged bar);
 *   - hover anywhere on a time plot: a crosshair on every chart and, over the resource charts, the
 *     nearest sample's RSS, managed and spilled bytes and CPU %;
 *   - drag across any time plot to zoom every chart to that span; double-click (or the button) to
 *     reset. Zooming only changes the plots' viewBox and redraws the time axes;
 *   - click the graph drawing to switch between fit-to-width and actual size.
 *
 * When it has set everything up it marks the page `<html data-tusk-report="ready">`; if it fails it
 * marks it "error" and shows the error at the top of the page (the browser test checks for both).
 * The data it reads is the JSON in `<script id="tusk-data" type="application/json">`.
 */

/**
 * The script's source text, to place in a `<script>` element.
 *
 * @example
 * const html = `<script>${PAGE_SCRIPT}</script>`;
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash escape written in the page's script as written.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var root = document.documentElement;
  try {
    var data = JSON.parse(document.getElementById('tusk-data').textContent);
    var tip = document.getElementById('tooltip');
    var plots = Array.prototype.slice.call(document.querySelectorAll('svg.plot'));
    var resetButton = document.getElementById('reset-zoom');
    var SVG = 'http://www.w3.org/2000/svg';
    var span = data.span;
    var view = [0, span];

    function fmtMs(ms) {
      if (!isFinite(ms)) return '?';
      if (ms < 1) return ms.toFixed(3) + ' ms';
      if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 1) + ' ms';
      return (ms / 1000).toFixed(ms < 10000 ? 3 : 2) + ' s';
    }
    function fmtBytes(b) {
      if (b === null || b === undefined) return '–';
      var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
      var u = 0;
      while (Math.abs(b) >= 1024 && u < units.length - 1) { b /= 1024; u++; }
      return u === 0 ? b + ' B' : b.toFixed(1) + ' ' + units[u];
    }
    function niceTicks(min, max, count) {
      if (!(max > min)) return [min];
      var raw = (max - min) / count;
      var power = Math.pow(10, Math.floor(Math.log10(raw)));
      var f = raw / power;
      var step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
      var out = [];
      for (var v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
      return out;
    }
    function timeLabel(ms, step, last) {
      if (ms === 0) return '0';
      if (Math.abs(last) < 1000) return Number(ms.toPrecision(6)) + ' ms';
      var d = step >= 1000 ? 0 : Math.min(3, Math.max(0, -Math.floor(Math.log10(step / 1000) + 1e-9)));
      return (ms / 1000).toFixed(d) + ' s';
    }

    function showTip(ev, title, rows) {
      tip.textContent = '';
      var h = document.createElement('div');
      h.className = 'tip-title';
      h.textContent = title;
      tip.appendChild(h);
      rows.forEach(function (r) {
        var row = document.createElement('div');
        var b = document.createElement('b');
        b.textContent = r[0] + ' ';
        row.appendChild(b);
        row.appendChild(document.createTextNode(r[1]));
        tip.appendChild(row);
      });
      tip.hidden = false;
      var x = ev.clientX + 14;
      var y = ev.clientY + 14;
      var w = tip.offsetWidth;
      var h2 = tip.offsetHeight;
      if (x + w > window.innerWidth - 8) x = Math.max(8, ev.clientX - w - 14);
      if (y + h2 > window.innerHeight - 8) y = Math.max(8, ev.clientY - h2 - 14);
      tip.style.left = x + 'px';
      tip.style.top = y + 'px';
    }
    function hideTip() { tip.hidden = true; }

    // The plot's place on screen, from its chart's box and the shared frame (a nested svg's own
    // bounding box is that of its content, which a zoom pushes past the plot's edges).
    function timeAt(plot, ev) {
      var r = plot.ownerSVGElement.getBoundingClientRect();
      var scale = r.width / data.frame.chart;
      var left = r.left + data.frame.left * scale;
      var width = data.frame.width * scale;
      var f = width > 0 ? (ev.clientX - left) / width : 0;
      return view[0] + Math.min(1, Math.max(0, f)) * (view[1] - view[0]);
    }
    function plotHeight(plot) { return Number(plot.getAttribute('height')); }

    // Crosshairs: one vertical line per plot, in the plot's own (ms) units.
    var hairs = plots.map(function (plot) {
      var line = document.createElementNS(SVG, 'line');
      line.setAttribute('class', 'crosshair');
      line.setAttribute('y1', '0');
      line.setAttribute('y2', String(plotHeight(plot)));
      line.style.display = 'none';
      plot.appendChild(line);
      return line;
    });
    function moveHairs(t) {
      hairs.forEach(function (l) {
        l.setAttribute('x1', String(t));
        l.setAttribute('x2', String(t));
        l.style.display = '';
      });
    }
    function hideHairs() { hairs.forEach(function (l) { l.style.display = 'none'; }); }

    function nearestSample(t) {
      var ts = data.samples.t;
      var lo = 0;
      var hi = ts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (ts[mid] < t) lo = mid + 1; else hi = mid;
      }
      if (lo > 0 && Math.abs(ts[lo - 1] - t) < Math.abs(ts[lo] - t)) lo--;
      return lo;
    }

    function hover(plot, ev) {
      var t = timeAt(plot, ev);
      moveHairs(t);
      var target = ev.target;
      if (target && target.classList && target.classList.contains('task')) {
        var i = Number(target.getAttribute('data-i'));
        var b = data.bars;
        var n = b.n[i];
        var rows = [
          ['function', data.functions[b.f[i]]],
          ['worker', data.workers[b.w[i]]],
          ['start', fmtMs(b.s[i])],
          ['duration', fmtMs(b.d[i])],
        ];
        if (n > 1) rows.push(['tasks', n + ' merged (first key shown)']);
        showTip(ev, b.k[i], rows);
        return;
      }
      var chart = plot.getAttribute('data-chart');
      if (chart && data.samples && data.samples.t.length > 0) {
        var s = data.samples;
        var j = nearestSample(t);
        var r = [['RSS', fmtBytes(s.rss[j])]];
        if (s.mem[j] !== null) r.push(['managed', fmtBytes(s.mem[j])]);
        if (s.spill[j] !== null) r.push(['spilled', fmtBytes(s.spill[j])]);
        r.push(['CPU', s.cpu[j].toFixed(1) + ' %']);
        showTip(ev, 'at ' + fmtMs(s.t[j]), r);
        return;
      }
      hideTip();
    }

    function drawAxis(g) {
      var top = Number(g.getAttribute('data-top'));
      var bottom = Number(g.getAttribute('data-bottom'));
      var ticks = niceTicks(view[0], view[1], 8);
      var step = ticks.length > 1 ? ticks[1] - ticks[0] : view[1] - view[0];
      var last = ticks[ticks.length - 1];
      while (g.firstChild) g.removeChild(g.firstChild);
      ticks.forEach(function (v) {
        var x = data.frame.left + ((v - view[0]) / (view[1] - view[0])) * data.frame.width;
        var line = document.createElementNS(SVG, 'line');
        line.setAttribute('class', 'grid');
        line.setAttribute('x1', String(x));
        line.setAttribute('x2', String(x));
        line.setAttribute('y1', String(top));
        line.setAttribute('y2', String(bottom));
        var text = document.createElementNS(SVG, 'text');
        text.setAttribute('class', 'tick');
        text.setAttribute('x', String(x));
        text.setAttribute('y', String(bottom + 16));
        text.setAttribute('text-anchor', 'middle');
        text.textContent = timeLabel(v, step, last);
        g.appendChild(line);
        g.appendChild(text);
      });
    }

    function setView(a, b) {
      if (!(b > a)) return;
      view = [a, b];
      plots.forEach(function (plot) {
        plot.setAttribute('viewBox', a + ' 0 ' + (b - a) + ' ' + plotHeight(plot));
      });
      Array.prototype.forEach.call(document.querySelectorAll('g.x-axis'), drawAxis);
      if (resetButton) resetButton.hidden = a === 0 && b === span;
    }

    var drag = null;
    plots.forEach(function (plot) {
      plot.addEventListener('mousemove', function (ev) {
        if (drag && drag.plot === plot) {
          var t = timeAt(plot, ev);
          drag.rect.setAttribute('x', String(Math.min(drag.t, t)));
          drag.rect.setAttribute('width', String(Math.abs(t - drag.t)));
        }
        hover(plot, ev);
      });
      plot.addEventListener('mouseleave', function () { hideTip(); hideHairs(); });
      plot.addEventListener('mousedown', function (ev) {
        if (ev.button !== 0) return;
        ev.preventDefault();
        var rect = document.createElementNS(SVG, 'rect');
        rect.setAttribute('class', 'selection');
        rect.setAttribute('y', '0');
        rect.setAttribute('height', String(plotHeight(plot)));
        rect.setAttribute('width', '0');
        var t = timeAt(plot, ev);
        rect.setAttribute('x', String(t));
        plot.appendChild(rect);
        drag = { plot: plot, rect: rect, t: t, x: ev.clientX };
      });
      plot.addEventListener('dblclick', function () { setView(0, span); });
    });
    window.addEventListener('mouseup', function (ev) {
      if (!drag) return;
      var d = drag;
      drag = null;
      d.rect.parentNode.removeChild(d.rect);
      if (Math.abs(ev.clientX - d.x) < 4) return;
      var t = timeAt(d.plot, ev);
      setView(Math.min(d.t, t), Math.max(d.t, t));
    });
    if (resetButton) resetButton.addEventListener('click', function () { setView(0, span); });
    var drawing = document.getElementById('graph-drawing');
    if (drawing) drawing.addEventListener('click', function () { drawing.classList.toggle('fit'); });

    root.setAttribute('data-tusk-report', 'ready');
  } catch (e) {
    root.setAttribute('data-tusk-report', 'error');
    var p = document.createElement('pre');
    p.className = 'script-error';
    p.textContent = 'The report script failed: ' + (e && e.stack ? e.stack : String(e));
    document.body.insertBefore(p, document.body.firstChild);
    throw e;
  }
})();
`;
