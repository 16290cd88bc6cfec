/* Trajectcalculator: recomputes the guidance hours of the 1-zorgroute trajectories
 * for the number of groups and teachers the reader enters.
 *
 * The page (plugins/trajectcalculator.lua) already holds the complete tables for
 * a default school size; this script fills in the same cells for the reader's
 * school, with the same rules as the plugin and tests/unit/trajecten_data_test.cpp:
 *   hours of a row = count × hours × (1 | groups | teachers | ceil(teachers / group_size)).
 * It also validates the inputs, keeps them in localStorage (when allowed),
 * highlights the trajectory named in the URL hash (#traject-intensief) and
 * exports the result as CSV for Dutch Excel.
 *
 * Plain script for file:// pages: no modules, no fetch, no inline code (CSP).
 */
(function () {
  'use strict';

  var T = {
    unit: 'uur',
    included: 'inbegrepen',
    includedLong: 'inbegrepen, niet in uren',
    none: '\u2013',
    yearTotal: 'Totaal ',
    total: 'Totaal over alle jaren',
    basis: 'De uren hieronder gelden voor een school met {size}.',
    stale: 'Je invoer is nog niet goed. De uren hieronder gelden nog voor een school met {size}.',
    caption: 'Begeleidingsuren per activiteit en per jaar voor een school met {size}',
    chartCaption: 'Begeleidingsuren per traject voor een school met {size}, opgebouwd per jaar. ' +
      'De tabel hieronder geeft dezelfde getallen.',
    chartTitle: 'Begeleidingsuren per traject, per jaar: ',
    status: 'Berekend voor {size}: {totals}.',
    fixErrors: 'Controleer de invoer: {fields}.',
    csvTitle: 'Trajectcalculator 1-zorgroute: begeleidingsuren voor een school met {size}',
    csvSource: 'Bron: ',
    csvHeader: ['Traject', 'Jaar', 'Activiteit', 'Omschrijving', 'Aantal keer', 'Uren per keer', 'Uren',
      'Verzorgd door', 'Met', 'Toelichting'],
    fields: {
      groups: {
        noun: 'groepen', one: 'groep', label: 'het aantal groepen',
        whole: 'Vul een heel getal in, zonder komma of punt: een school heeft geen halve groepen.'
      },
      teachers: {
        noun: 'leerkrachten', one: 'leerkracht', label: 'het aantal leerkrachten',
        whole: 'Vul een heel getal in, zonder komma of punt: tel elke leerkracht als één persoon, ' +
          'ook als die parttime werkt.'
      }
    }
  };

  function fill(s, values) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  // Dutch notation with halves as in the source: 1½, 58½, 0,25.
  function num(x) {
    var r = Math.round(x * 100) / 100;
    var whole = Math.floor(r);
    var frac = Math.round((r - whole) * 100) / 100;
    if (frac === 0) return String(whole);
    if (frac === 0.5) return (whole === 0 ? '' : String(whole)) + '\u00bd';
    return String(r).replace('.', ',');
  }

  function hours(x) { return num(x) + ' ' + T.unit; }

  // Decimal comma, no halves: what Dutch Excel reads as a number.
  function csvNum(x) { return String(Math.round(x * 100) / 100).replace('.', ','); }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function sizeText(g, l) {
    return plural(g, 'groep', 'groepen') + ' en ' + plural(l, 'leerkracht', 'leerkrachten');
  }

  function list(v) { return Array.isArray(v) ? v : []; }

  // ------------------------------------------------------------ arithmetic

  function factor(a, g, l) {
    if (a.per === 'groep') return g;
    if (a.per === 'leerkracht') return l;
    if (a.per === 'leerkrachtgroep') return Math.ceil(l / a.group_size);
    return 1;
  }

  function rowHours(a, g, l) {
    return a.unmetered ? 0 : a.count * a.hours * factor(a, g, l);
  }

  function rowCalc(a, g, l) {
    if (a.unmetered) return T.included;
    var base = a.count + ' \u00d7 ' + hours(a.hours);
    if (a.per === 'groep') return plural(g, 'groep', 'groepen') + ' \u00d7 ' + (a.count === 1 ? hours(a.hours) : base);
    if (a.per === 'leerkracht') {
      return plural(l, 'leerkracht', 'leerkrachten') + ' \u00d7 ' + (a.count === 1 ? hours(a.hours) : base);
    }
    if (a.per === 'leerkrachtgroep') return base + ' \u00d7 ' + plural(factor(a, g, l), 'groep', 'groepen');
    return base;
  }

  // Per trajectory id: {cells: {"year/type": {hours, calc[], metered}}, years: {year: h}, total}.
  function compute(model, g, l) {
    var out = {};
    model.trajectories.forEach(function (t) {
      var r = { cells: {}, years: {}, total: 0 };
      list(t.activities).forEach(function (a) {
        var key = a.year + '/' + a.type;
        var c = r.cells[key] || (r.cells[key] = { hours: 0, calc: [], metered: false });
        var h = rowHours(a, g, l);
        c.hours += h;
        c.metered = c.metered || !a.unmetered;
        c.calc.push(rowCalc(a, g, l));
        r.years[a.year] = (r.years[a.year] || 0) + h;
        r.total += h;
      });
      out[t.id] = r;
    });
    return out;
  }

  // ------------------------------------------------------------ validation

  // Returns {value} or {error} for the raw text of an input.
  function parseCount(raw, bounds, f) {
    var s = String(raw).replace(/[\s\u00a0]/g, '').replace(/\u2212/g, '-');
    var range = 'Vul een getal van ' + bounds.min + ' tot en met ' + bounds.max + ' in.';
    if (s === '') return { error: 'Vul ' + f.label + ' in. ' + range };
    if (/^-\d*([.,]\d*)?$/.test(s) && /\d/.test(s)) {
      return { error: 'Het aantal ' + f.noun + ' kan niet negatief zijn. ' + range };
    }
    if (/^\+?\d*[.,]\d+$/.test(s) || /^\+?\d+[.,]$/.test(s)) return { error: f.whole };
    if (!/^\+?\d+$/.test(s)) return { error: 'Vul ' + f.label + ' in met cijfers, bijvoorbeeld ' + bounds.default + '.' };
    var n = parseInt(s.replace(/^\+/, ''), 10);
    if (n < bounds.min) {
      return { error: n === 0 ? 'Een school heeft minstens ' + plural(bounds.min, f.one, f.noun) + '. ' + range
        : 'Dat zijn te weinig ' + f.noun + '. ' + range };
    }
    if (n > bounds.max) {
      return { error: s.replace(/^\+/, '').replace(/^0+(?=\d)/, '') + ' ' + f.noun +
        ' is meer dan een school in de praktijk heeft. ' + range };
    }
    return { value: n };
  }

  // ------------------------------------------------------------ storage

  function load(key) {
    try {
      var v = JSON.parse(window.localStorage.getItem(key) || 'null');
      return v && typeof v === 'object' ? v : null;
    } catch (e) {
      return null; // storage refused (privacy settings, file:// in some browsers) or corrupt
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Storage refused or full: the calculator works on, it just forgets on reload.
    }
  }

  // ------------------------------------------------------------ one calculator

  function Calculator(root) {
    var dataEl = root.querySelector('script.calc__data');
    this.root = root;
    this.model = JSON.parse(dataEl.textContent);
    this.key = root.getAttribute('data-storage-key') || 'wegwijzer:trajectcalculator';
    this.form = root.querySelector('[data-calc-form]');
    this.status = root.querySelector('[data-calc-status]');
    this.inputs = {
      groups: root.querySelector('[data-calc-input="groups"]'),
      teachers: root.querySelector('[data-calc-input="teachers"]')
    };
    this.touched = { groups: false, teachers: false };
    this.size = { groups: this.model.inputs.groups.default, teachers: this.model.inputs.teachers.default };
  }

  Calculator.prototype.start = function () {
    var self = this;
    var stored = load(this.key);
    if (stored) {
      ['groups', 'teachers'].forEach(function (k) {
        var b = self.model.inputs[k];
        var v = stored[k];
        if (typeof v === 'number' && v === Math.floor(v) && v >= b.min && v <= b.max) {
          self.inputs[k].value = String(v);
          self.size[k] = v;
        }
      });
    }
    var nojs = this.root.querySelector('[data-calc-nojs]');
    if (nojs) nojs.hidden = true;
    this.form.hidden = false;

    ['groups', 'teachers'].forEach(function (k) {
      var input = self.inputs[k];
      input.addEventListener('input', function () { self.onInput(k, false); });
      // An empty field only counts as a mistake once the reader leaves it.
      input.addEventListener('change', function () { self.touched[k] = true; self.onInput(k, true); });
      input.addEventListener('blur', function () { self.touched[k] = true; self.onInput(k, true); });
    });
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.submit();
    });
    this.root.querySelector('[data-calc-action="csv"]').addEventListener('click', function () { self.exportCsv(); });
    this.root.querySelector('[data-calc-action="print"]').addEventListener('click', function () { window.print(); });
    window.addEventListener('hashchange', function () { self.applyHash(true); });

    this.render(false);
    this.applyHash(true);
  };

  // Validates field k; shows or clears its message. Returns the number or null.
  Calculator.prototype.check = function (k, showEmpty) {
    var input = this.inputs[k];
    var error = document.getElementById(input.id + '-error');
    var r = parseCount(input.value, this.model.inputs[k], T.fields[k]);
    var empty = String(input.value).trim() === '';
    if (r.error && (!empty || showEmpty || this.touched[k])) {
      input.setAttribute('aria-invalid', 'true');
      if (error.textContent !== r.error) error.textContent = r.error;
    } else {
      input.removeAttribute('aria-invalid');
      if (error.textContent) error.textContent = '';
    }
    return r.error ? null : r.value;
  };

  Calculator.prototype.onInput = function (k, showEmpty) {
    var v = this.check(k, showEmpty);
    if (v === null) {
      this.markStale(true);
      return;
    }
    this.size[k] = v;
    var other = k === 'groups' ? 'teachers' : 'groups';
    var otherValue = parseCount(this.inputs[other].value, this.model.inputs[other], T.fields[other]);
    if (otherValue.error) {
      this.markStale(true);
      return;
    }
    this.render(true);
  };

  Calculator.prototype.submit = function () {
    var self = this;
    var bad = [];
    ['groups', 'teachers'].forEach(function (k) {
      self.touched[k] = true;
      var v = self.check(k, true);
      if (v === null) bad.push(k);
      else self.size[k] = v;
    });
    if (bad.length) {
      this.markStale(true);
      this.status.textContent = fill(T.fixErrors, {
        fields: bad.map(function (k) { return T.fields[k].label; }).join(' en ')
      });
      this.inputs[bad[0]].focus();
      return;
    }
    this.render(true);
  };

  Calculator.prototype.markStale = function (stale) {
    this.root.classList.toggle('calc--stale', stale);
    var basis = this.root.querySelector('[data-calc-basis]');
    var shown = this.shown || this.size;
    var size = sizeText(shown.groups, shown.teachers);
    basis.textContent = fill(stale ? T.stale : T.basis, { size: size });
  };

  Calculator.prototype.render = function (announce) {
    var self = this;
    var m = this.model;
    var g = this.size.groups;
    var l = this.size.teachers;
    var res = compute(m, g, l);
    var size = sizeText(g, l);
    this.shown = { groups: g, teachers: l };
    this.markStale(false);
    this.root.querySelector('[data-calc-table-caption]').textContent = fill(T.caption, { size: size });
    this.root.querySelector('[data-calc-caption]').textContent = fill(T.chartCaption, { size: size });
    // Past the teachers an activity is planned for, the page says so (plugins/trajectcalculator.lua).
    var limit = this.root.querySelector('[data-calc-limit]');
    if (limit) limit.hidden = !(l > Number(limit.getAttribute('data-max')));

    Array.prototype.forEach.call(this.root.querySelectorAll('[data-cell]'), function (td) {
      var parts = td.getAttribute('data-cell').split('/');
      var r = res[parts[0]];
      var c = r && r.cells[parts[1] + '/' + parts[2]];
      td.querySelector('.calc__cell-hours').textContent = !c ? T.none : c.metered ? hours(c.hours) : T.included;
      td.querySelector('.calc__cell-calc').textContent = c && c.metered ? c.calc.join(' + ') : '';
    });
    Array.prototype.forEach.call(this.root.querySelectorAll('[data-total]'), function (td) {
      var parts = td.getAttribute('data-total').split('/');
      var r = res[parts[0]];
      var v = parts.length > 1 ? r.years[parts[1]] : r.total;
      td.textContent = v ? hours(v) : T.none;
    });

    // The chart: one bar per trajectory, a segment per year, all on the same scale.
    var svg = this.root.querySelector('[data-calc-chart] svg');
    var left = svg ? Number(svg.getAttribute('data-bar-left')) : 0;
    var max = 0;
    m.trajectories.forEach(function (t) { max = Math.max(max, res[t.id].total); });
    var scale = max > 0 && svg ? Number(svg.getAttribute('data-bar-width')) / max : 0;
    var titles = [];
    m.trajectories.forEach(function (t) {
      var x = left;
      m.years.forEach(function (y) {
        var seg = self.root.querySelector('[data-seg="' + t.id + '/' + y.id + '"]');
        var w = (res[t.id].years[y.id] || 0) * scale;
        if (seg) {
          seg.setAttribute('x', x.toFixed(2));
          seg.setAttribute('width', w.toFixed(2));
        }
        x += w;
      });
      var label = self.root.querySelector('[data-chart-total="' + t.id + '"]');
      if (label) {
        label.setAttribute('x', (x + 8).toFixed(2));
        label.textContent = hours(res[t.id].total);
      }
      titles.push(t.label + ' ' + hours(res[t.id].total));
    });
    var title = this.root.querySelector('[data-calc-chart-title]');
    if (title) title.textContent = T.chartTitle + titles.join(', ');

    if (announce) {
      this.status.textContent = fill(T.status, { size: size, totals: titles.join(', ') });
      save(this.key, { groups: g, teachers: l });
    }
  };

  // #traject-<id>: highlight that trajectory's column and move focus to its header.
  Calculator.prototype.applyHash = function (focus) {
    var id = '';
    try {
      id = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    } catch (e) {
      id = '';
    }
    var chosen = null;
    this.model.trajectories.forEach(function (t) {
      if ('traject-' + t.id === id) chosen = t.id;
    });
    Array.prototype.forEach.call(this.root.querySelectorAll('[data-traject]'), function (el) {
      var on = el.getAttribute('data-traject') === chosen;
      el.classList.toggle('calc__advised', on);
      var badge = el.querySelector('.calc__advice');
      if (badge) badge.hidden = !on;
    });
    this.root.classList.toggle('calc--has-advice', chosen !== null);
    if (chosen && focus) {
      var th = document.getElementById('traject-' + chosen);
      if (th) {
        th.focus({ preventScroll: true });
        th.scrollIntoView({ block: 'center', inline: 'center' });
      }
    }
  };

  // ------------------------------------------------------------ CSV

  function csvField(v) {
    var s = v === undefined || v === null ? '' : String(v);
    return /[";\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  // The CSV of what the page shows (the last valid input).
  Calculator.prototype.csv = function () {
    var m = this.model;
    var g = this.shown.groups;
    var l = this.shown.teachers;
    var res = compute(m, g, l);
    var years = {};
    var types = {};
    var roles = {};
    m.years.forEach(function (y) { years[y.id] = y.label; });
    m.types.forEach(function (t) { types[t.id] = t.label; });
    list(m.roles).forEach(function (r) { roles[r.id] = r.label; });
    var rows = [[fill(T.csvTitle, { size: sizeText(g, l) })]];
    if (m.source) rows.push([T.csvSource + m.source]);
    rows.push([]);
    rows.push(T.csvHeader);
    m.trajectories.forEach(function (t) {
      m.years.forEach(function (y) {
        var acts = list(t.activities).filter(function (a) { return a.year === y.id; });
        if (!acts.length) return;
        m.types.forEach(function (ty) {
          acts.filter(function (a) { return a.type === ty.id; }).forEach(function (a) {
            var note = [];
            if (a.per) note.push(rowCalc(a, g, l));
            if (a.note) note.push(a.note);
            if (a.unmetered) {
              rows.push([t.label, y.label, ty.label, a.label, '', '', '', roles[a.by] || a.by,
                list(a['with']).join(', '), [T.includedLong].concat(note).join('. ')]);
            } else {
              rows.push([t.label, y.label, ty.label, a.label, a.count * factor(a, g, l), csvNum(a.hours),
                csvNum(rowHours(a, g, l)), roles[a.by] || a.by, list(a['with']).join(', '), note.join('. ')]);
            }
          });
        });
        rows.push([t.label, y.label, T.yearTotal + y.label.toLowerCase(), '', '', '', csvNum(res[t.id].years[y.id] || 0),
          '', '', '']);
      });
      rows.push([t.label, T.total, '', '', '', '', csvNum(res[t.id].total), '', '', '']);
    });
    return '\ufeff' + rows.map(function (r) { return r.map(csvField).join(';'); }).join('\r\n') + '\r\n';
  };

  Calculator.prototype.exportCsv = function () {
    var blob = new Blob([this.csv()], { type: 'text/csv;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = 'trajectcalculator-' + this.shown.groups + '-groepen-' + this.shown.teachers + '-leerkrachten.csv';
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-ww-calculator]'), function (root) {
      try {
        new Calculator(root).start();
      } catch (e) {
        // Leave the static tables for the default school size in place.
        root.setAttribute('data-calc-error', String(e && e.message || e));
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
