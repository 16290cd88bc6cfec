/* Wegwijzer forms, the panel: the tools above a form, which exist only with
 * JavaScript (the plugin leaves an empty, hidden <div id="ww-<id>-panel">).
 * The moment to fill in, its date and the moment to compare with; progress
 * and save status; the storage and error messages; the buttons (export,
 * import, print, reset, "Alles wissen"); and a polite live region that says
 * what happened, for screen readers.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  function build(f) {
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var base = f.base;
    var ui = f.ui;
    var panel = document.getElementById(base + "-panel");
    var titleId = base + "-panel-title";
    ui.moment = el("select", { id: base + "-moment" });
    ui.compare = el("select", { id: base + "-compare" });
    ui.date = el("input", { type: "date", id: base + "-date" });
    ui.status = el("p", { className: "form__status ww-panel__status", id: base + "-status" });
    ui.progress = el("p", { className: "ww-panel__progress", id: base + "-progress" });
    ui.storage = el("div", { className: "ww-alert", id: base + "-storage", role: "alert", hidden: true });
    ui.error = el("div", { className: "ww-alert ww-alert--error", id: base + "-error", role: "alert", hidden: true });
    ui.live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite", id: base + "-live" });
    // Hidden from everyone: the Import button opens it.
    ui.file = el("input", { type: "file", accept: ".json,application/json", id: base + "-file",
      className: "ww-file", tabindex: "-1", "aria-hidden": "true" });
    ui.printHeader = el("div", { className: "ww-print-header", id: base + "-print-header" });

    function button(label, cls, handler, id) {
      var b = el("button", { type: "button", className: "button " + (cls || ""), id: base + "-" + id, text: label });
      b.addEventListener("click", handler);
      return b;
    }
    var privacy = el("p", { className: "ww-panel__privacy" }, [T("privacy") + " "]);
    if (f.def.privacy_url) append(privacy, el("a", { href: f.def.privacy_url, text: T("privacy_link") }));

    append(panel, el("section", { className: "ww-panel summary-box", "aria-labelledby": titleId }, [
      el("h2", { className: "ww-panel__title", id: titleId, text: T("tools") }),
      el("div", { className: "ww-panel__fields" }, [
        el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.moment.id, text: T("moment") }), ui.moment]),
        el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.date.id, text: T("date") }), ui.date]),
        el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.compare.id, text: T("compare") }), ui.compare]),
      ]),
      ui.progress,
      ui.status,
      ui.storage,
      ui.error,
      el("div", { className: "button-row ww-panel__buttons" }, [
        button(T("export"), "button--primary", function () { F.transfer.exportFile(f); }, "export"),
        button(T("import"), "", function () { ui.file.click(); }, "import"),
        ui.file,
        button(T("print"), "", function () { F.print.update(f); window.print(); }, "print"),
      ]),
      privacy,
      // The two buttons that throw answers away, on a row of their own below
      // the privacy note: away from Exporteren, which a reader presses often.
      el("div", { className: "button-row ww-panel__danger" }, [
        button(T("reset"), "button--danger", function () { confirmReset(f); }, "reset"),
        button(T("clear_all"), "button--danger", function () { confirmClearAll(f); }, "clear-all"),
      ]),
      ui.live,
    ]));
    // The print header goes first in the page's content, above the title.
    var content = f.root.closest(".page__content") || f.root.parentNode;
    content.insertBefore(ui.printHeader, content.firstChild);
    panel.hidden = false;
    buildBar(f, content, button);

    ui.moment.addEventListener("change", function () {
      f.state.current = ui.moment.value;
      F.answers.ensureMoment(f, f.state.current);
      if (f.state.compare === f.state.current) f.state.compare = "";
      f.save();
      f.apply();
      announce(f, T("moment_switched", F.answers.momentLabel(f, f.state.current)));
    });
    ui.compare.addEventListener("change", function () {
      f.state.compare = ui.compare.value;
      f.save();
      f.refresh();
    });
    ui.date.addEventListener("change", function () {
      f.current().date = /^\d{4}-\d{2}-\d{2}$/.test(ui.date.value) ? ui.date.value : "";
      f.save();
      F.print.update(f);
    });
    ui.file.addEventListener("change", function () {
      var file = ui.file.files && ui.file.files[0];
      ui.file.value = ""; // so that choosing the same file again fires again
      if (file) F.transfer.importFile(f, file);
    });
  }

  function fillMomentSelects(f) {
    var el = F.dom.el;
    var ui = f.ui;
    var state = f.state;
    if (!ui.moment) return;
    var ms = F.answers.allMoments(f);
    F.dom.clearChildren(ui.moment);
    ms.forEach(function (m) {
      ui.moment.appendChild(el("option", { value: m.id, text: m.label }));
    });
    ui.moment.value = state.current;
    F.dom.clearChildren(ui.compare);
    ui.compare.appendChild(el("option", { value: "", text: f.T("compare_none") }));
    ms.forEach(function (m) {
      if (m.id !== state.current) ui.compare.appendChild(el("option", { value: m.id, text: m.label }));
    });
    ui.compare.value = state.compare && state.compare !== state.current ? state.compare : "";
  }

  function setStatus(f, text) {
    if (f.ui.status) f.ui.status.textContent = text;
  }

  function showStorageMessage(f) {
    var ui = f.ui;
    if (!ui.storage) return;
    if (!f.canStore) {
      ui.storage.textContent = f.T("storage_refused");
      ui.storage.hidden = false;
      setStatus(f, "");
    } else if (f.saveFailed) {
      ui.storage.textContent = f.T("storage_failed");
      ui.storage.hidden = false;
    } else {
      ui.storage.hidden = true;
      ui.storage.textContent = "";
    }
  }

  function showError(f, text) {
    f.ui.error.textContent = text;
    f.ui.error.hidden = !text;
  }

  // The region is emptied first and filled a moment later, so that saying
  // the same words twice is still heard.
  function announce(f, text) {
    var ui = f.ui;
    if (!ui.live) return;
    window.clearTimeout(f.announceTimer);
    ui.live.textContent = "";
    f.announceTimer = window.setTimeout(function () {
      ui.live.textContent = text;
    }, 60);
  }

  // "Saved" once typing pauses, not at every letter.
  function announceLater(f, text) {
    window.clearTimeout(f.laterTimer);
    f.laterTimer = window.setTimeout(function () {
      announce(f, text);
    }, 1500);
  }

  // After reset or "Alles wissen": empty answers, on the moment that was chosen.
  function startAfresh(f) {
    var keep = f.state.current;
    f.state = F.answers.fresh(f);
    f.state.current = keep;
    F.answers.ensureMoment(f, keep);
    showError(f, "");
    f.apply();
    setStatus(f, f.T("not_saved"));
  }

  function confirmReset(f) {
    var T = f.T;
    F.dialog.confirm(f, {
      title: T("reset_title"),
      text: T("reset_text"),
      confirm: T("reset_confirm"),
      danger: true,
      onConfirm: function () {
        F.store.remove(f.key);
        startAfresh(f);
        announce(f, T("reset_done"));
      },
    });
  }

  function confirmClearAll(f) {
    var T = f.T;
    var store = F.store;
    var keys = store.keys().filter(function (k) {
      return k && store.SITE_PREFIXES.some(function (p) { return k.indexOf(p) === 0; });
    });
    // Name each form by its title, so the reader sees what goes.
    var lines = keys.map(function (k) {
      if (k.indexOf(store.KEY_PREFIX) === 0) {
        try {
          var o = JSON.parse(store.get(k));
          if (o && typeof o.title === "string") return o.title;
        } catch (e) {
          /* show the key instead */
        }
        return k.slice(store.KEY_PREFIX.length);
      }
      return T("clear_other", k);
    });
    F.dialog.confirm(f, {
      title: T("clear_title"),
      text: keys.length ? T("clear_text") : T("clear_nothing"),
      list: lines,
      confirm: T("clear_confirm"),
      danger: true,
      onConfirm: function () {
        keys.forEach(function (k) { store.remove(k); });
        startAfresh(f);
        announce(f, T("clear_done"));
      },
    });
  }

  // A long form (the quality card is 24,000 px on a phone) keeps its progress,
  // Exporteren, Afdrukken and a way back to the panel in view: a compact bar at
  // the end of the page's content that sticks to the bottom of the screen
  // (forms.css) while the panel at the top is out of sight. It never covers
  // the field that has focus (WCAG 2.2, 2.4.11): the page keeps room for it
  // below a focused element (scroll-padding-bottom in forms.css), and a field
  // that still ends up under the bar is scrolled above it.
  function buildBar(f, content, button) {
    var el = F.dom.el;
    var T = f.T;
    var ui = f.ui;
    var progress = el("p", { className: "ww-bar__progress", id: f.base + "-bar-progress" });
    var top = el("a", { className: "ww-bar__top", href: "#" + f.base + "-panel", text: T("bar_top") });
    var bar = el("div", { className: "ww-bar", id: f.base + "-bar", role: "region", "aria-label": T("bar_label"),
      hidden: true }, [
      progress,
      el("div", { className: "ww-bar__buttons" }, [
        button(T("export"), "button--primary", function () { F.transfer.exportFile(f); }, "bar-export"),
        button(T("print"), "", function () { F.print.update(f); window.print(); }, "bar-print"),
        top,
      ]),
    ]);
    content.appendChild(bar);
    ui.bar = bar;
    // The progress line of the panel, as forms.js writes it.
    function copy() { progress.textContent = ui.progress.textContent; }
    copy();
    if (window.MutationObserver) new MutationObserver(copy).observe(ui.progress, { childList: true, characterData: true, subtree: true });
    // Shown while the panel is out of sight (no IntersectionObserver: always).
    var panel = document.getElementById(f.base + "-panel");
    if (window.IntersectionObserver && panel) {
      new IntersectionObserver(function (entries) {
        var seen = entries[entries.length - 1].isIntersecting;
        if (seen && bar.contains(document.activeElement)) return;  // keep what the keyboard is on
        bar.hidden = seen;
        document.documentElement.classList.toggle("ww-has-bar", !seen);
      }).observe(panel);
    } else {
      bar.hidden = false;
      document.documentElement.classList.add("ww-has-bar");
    }
    document.addEventListener("focusin", function (event) {
      var t = event.target;
      if (bar.hidden || !t || bar.contains(t) || !t.getBoundingClientRect) return;
      var r = t.getBoundingClientRect();
      var b = bar.getBoundingClientRect();
      if (r.bottom > b.top - 8 && r.top < b.bottom) window.scrollBy(0, r.bottom - b.top + 16);
    });
  }

  F.panel = {
    build: build,
    fillMomentSelects: fillMomentSelects,
    setStatus: setStatus,
    showStorageMessage: showStorageMessage,
    showError: showError,
    announce: announce,
    announceLater: announceLater,
  };
})((window.Wegwijzer = window.Wegwijzer || {}));
