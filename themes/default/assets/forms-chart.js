/* Wegwijzer forms, the chart: one horizontal bar per group (the average
 * score, or the share ticked on a checklist), and a second bar per group for
 * the moment compared with. Inline SVG built with DOM APIs: no library, no
 * inline style (the page's CSP), colours from the theme's classes, and a
 * <title> for screen readers. The table beside it (forms-results.js) holds
 * the same numbers, so the chart is never the only way to read them.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  // now/then: F.results.compute() of moment m and of cmp (null: no compare).
  function chart(f, now, then, m, cmp) {
    var svg = F.dom.svg;
    var T = f.T;
    var isScale = f.isScale;
    var value = function (b) { return F.results.value(f, b); };
    // As many units as the chart has pixels (within 260 to 544, the most the
    // theme shows), so the text stays the size of the page's small print; a
    // name is cut to what fits that width (about 8 units a letter).
    var room = (f.root && f.root.clientWidth ? f.root.clientWidth : 380) - 34;
    var width = Math.max(260, Math.min(544, room));
    var rows = f.groups.map(function (g) {
      return { label: F.dom.shorten(g.title, Math.floor(width / 8)), a: value(now.groups[g.id]),
        b: then ? value(then.groups[g.id]) : null };
    });
    // Sizes in the viewBox's units; the SVG scales to its box (.chart svg in style.css).
    // Each group's name stands on a line of its own above its bars, so the chart
    // fits a phone with nothing cut off.
    var max = isScale ? f.scaleMax : 100;
    var labelW = 0;
    var valueW = 60;
    var barW = width - valueW;
    var barH = 14;
    var labelH = 18;
    var rowH = labelH + (then ? 2 * barH + 2 : barH) + 12;
    var top = 8;
    var axisH = 26;
    var height = top + rows.length * rowH + axisH;
    var titleId = f.base + "-chart-title";
    var s = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": titleId,
      class: "ww-chart__svg", width: String(width), height: String(height) });
    s.appendChild(svg("title", { id: titleId }, T(isScale ? "chart_title" : "chart_title_checklist") + " (" +
      m.label + (cmp ? ", " + cmp.label : "") + ")"));
    var ticks = isScale ? [] : [0, 25, 50, 75, 100];
    if (isScale) for (var t = 0; t <= max; t++) ticks.push(t);
    var grid = svg("g", { class: "chart__grid" });
    ticks.forEach(function (t) {
      var x = labelW + (barW * t) / max;
      grid.appendChild(svg("line", { x1: x, x2: x, y1: top - 4, y2: top + rows.length * rowH }));
      s.appendChild(svg("text", { x: Math.max(x, 6), y: height - 8, "text-anchor": "middle", class: "chart__axis" },
        isScale ? String(t) : t + "%"));
    });
    // The grid right after the <title>, so the bars are drawn over it.
    s.insertBefore(grid, s.firstChild.nextSibling);
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      s.appendChild(svg("text", { x: labelW, y: y + labelH - 5, class: "ww-chart__label" }, r.label));
      [[r.a, "chart__bar chart__bar--1", 0], [r.b, "chart__bar chart__bar--2", 1]].forEach(function (bar) {
        if (bar[2] === 1 && !then) return;
        var by = y + labelH + bar[2] * (barH + 2);
        var v = bar[0];
        s.appendChild(svg("rect", { x: labelW, y: by, width: barW, height: barH, class: "chart__track" }));
        if (v !== null && v !== undefined) {
          // At least 1 wide: a checklist group with nothing ticked still shows a sliver.
          s.appendChild(svg("rect", { x: labelW, y: by, width: Math.max(1, (barW * v) / max), height: barH,
            class: bar[1] }));
        }
        s.appendChild(svg("text", { x: labelW + barW + 6, y: by + barH - 3, class: "chart__value" },
          v === null || v === undefined ? T("no_score") : isScale ? f.num(v) : Math.round(v) + "%"));
      });
    });
    s.appendChild(svg("line", { x1: labelW, x2: labelW, y1: top - 4, y2: top + rows.length * rowH, class: "chart__baseline" }));
    // Focusable and named: on a phone the chart scrolls sideways (style.css),
    // and a keyboard must be able to scroll it too.
    var fig = F.dom.el("figure", { className: "chart ww-chart", tabindex: "0", role: "group",
      "aria-label": T(isScale ? "chart_title" : "chart_title_checklist") }, [s]);
    if (then) {
      F.dom.append(fig, F.dom.el("ul", { className: "chart__legend" }, [
        F.dom.el("li", { className: "chart__key--1", text: m.label }),
        F.dom.el("li", { className: "chart__key--2", text: cmp.label }),
      ]));
    }
    return fig;
  }

  F.chart = { draw: chart };
})((window.Wegwijzer = window.Wegwijzer || {}));
