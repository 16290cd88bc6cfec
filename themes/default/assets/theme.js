/* Wegwijzer theme: the dark-mode toggle, the Menu button for small screens, and
 * line-break chances after a slash in long Dutch compounds.
 *
 * Loaded without `defer` from <head>, so a stored colour scheme is applied
 * before the first paint (no flash of the wrong theme). The buttons are bound
 * once the document has been parsed. Both buttons carry `hidden` in the HTML:
 * without JavaScript they stay hidden, the navigation is simply shown and the
 * colours follow prefers-color-scheme.
 *
 * The choice is kept in localStorage under "wegwijzer-kleurenschema" as
 * "dark" or "light"; choosing what the system already prefers clears it, so the
 * page follows the system again. Storage may be refused (privacy settings):
 * every access is wrapped in try/catch.
 *
 * On file:// Firefox gives every file its own storage, so a choice made on one
 * page would be forgotten on the next. There the choice also travels in the
 * links the reader follows: ?kleurenschema=dark|light|auto is added to a local
 * link when it is clicked, and read (and stored) by the next page.
 */
(function () {
  "use strict";

  var KEY = "wegwijzer-kleurenschema";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function load() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    try {
      if (value) window.localStorage.setItem(KEY, value);
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      /* not remembered; the toggle still works for this page */
    }
  }

  function systemDark() {
    return !!(media && media.matches);
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : systemDark();
  }

  root.classList.add("js");
  var PARAM = "kleurenschema";
  var passed = (window.location.search.match(/[?&]kleurenschema=(dark|light|auto)(?:&|$)/) || [])[1];
  var carry = passed || null; // what file:// links pass on, once there is a choice
  if (passed) {
    save(passed === "auto" ? null : passed);
    try {
      // Keep the address clean (bookmarks, reloads); the choice is applied below.
      var clean = new URL(window.location.href);
      clean.searchParams.delete(PARAM);
      window.history.replaceState(window.history.state, "", clean.href);
    } catch (e) {
      /* an old browser, or file:// refuses: the parameter stays */
    }
  }
  var stored = passed ? (passed === "auto" ? null : passed) : load();
  if (stored === "dark" || stored === "light") {
    root.setAttribute("data-theme", stored);
    carry = stored;
  }

  function setupThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    // The label names what a press does ("Lichte modus" while dark is on),
    // so it never contradicts the colours on screen. No aria-pressed: with a
    // name that changes, "pressed" would say the opposite of the label.
    var label = button.querySelector(".theme-toggle__label");
    function sync() {
      var dark = isDark();
      button.setAttribute("data-scheme", dark ? "dark" : "light");
      if (label) label.textContent = button.getAttribute(dark ? "data-label-light" : "data-label-dark");
    }
    button.addEventListener("click", function () {
      var dark = !isDark();
      if (dark === systemDark()) {
        root.removeAttribute("data-theme");
        save(null);
        carry = "auto";
      } else {
        var value = dark ? "dark" : "light";
        root.setAttribute("data-theme", value);
        save(value);
        carry = value;
      }
      sync();
    });
    if (media) {
      if (media.addEventListener) media.addEventListener("change", sync);
      else if (media.addListener) media.addListener(sync);
    }
    // Another tab changed the choice.
    window.addEventListener("storage", function (event) {
      if (event.key !== KEY) return;
      var value = event.newValue;
      if (value === "dark" || value === "light") root.setAttribute("data-theme", value);
      else root.removeAttribute("data-theme");
      sync();
    });
    sync();
    button.hidden = false;
  }

  function setupNavToggle() {
    var button = document.querySelector(".nav-toggle");
    if (!button) return;
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and returns focus to the button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      if (button.offsetParent === null) return; // wide screen: no menu button
      var active = document.activeElement;
      if (active !== button && !nav.contains(active)) return;
      set(false);
      button.focus();
    });
    set(false);
    button.hidden = false;
  }

  function setupCarry() {
    if (window.location.protocol !== "file:" || !window.URL) return;
    document.addEventListener(
      "click",
      function (event) {
        if (!carry) return;
        var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
        if (!link || link.protocol !== "file:" || link.hasAttribute("download")) return;
        if (link.pathname === window.location.pathname) return; // same page
        try {
          var url = new URL(link.href);
          url.searchParams.set(PARAM, carry);
          link.href = url.href;
        } catch (e) {
          /* leave the link as it is */
        }
      },
      true
    );
  }

  // Long Dutch compounds joined by a slash ("begeleider/kwaliteitscoördinator")
  // are one word to the line breaker: on a phone, where a title or link does
  // not fit, the browser broke it mid-word ("kwaliteit / scoördinator"), or a
  // link in a flex or grid item pushed the page wider than the screen. A <wbr>
  // after a slash between letters lets the line break there; within each
  // part, `hyphens: auto` (style.css) breaks with a hyphen where the browser
  // has Dutch hyphenation. Code, forms and scripts keep their text as written.
  var SLASHED = /([A-Za-z\u00C0-\u024F])\/(?=[A-Za-z\u00C0-\u024F])/;
  var KEEP = /^(SCRIPT|STYLE|PRE|CODE|KBD|SAMP|TEXTAREA|svg|TEMPLATE)$/;
  function breakAtSlashes() {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var e = n.parentNode; e && e !== document.body; e = e.parentNode)
          if (KEEP.test(e.nodeName)) return NodeFilter.FILTER_REJECT;
        return SLASHED.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var texts = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
    for (var j = 0; j < texts.length; j++) {
      var node = texts[j];
      var m;
      while ((m = SLASHED.exec(node.data))) {
        var rest = node.splitText(m.index + m[0].length);
        node.parentNode.insertBefore(document.createElement("wbr"), rest);
        node = rest;
      }
    }
  }

  // Long Dutch compounds in titles and navigation ("Toegankelijkheidsverklaring",
  // "kwaliteitscoördinator") are wider than a phone's line at heading size.
  // `hyphens: auto` with lang="nl" breaks them where the browser has Dutch
  // hyphenation; where it has none (Chromium on Linux), it broke them
  // mid-word without a hyphen. So a soft hyphen (U+00AD: invisible unless the
  // line breaks there, then a hyphen) goes after the joints that end the first
  // part of most such compounds: -heids, -ings, -lings, -teits, -schaps, and
  // their plurals, when at least four letters follow. Only in words of 16
  // letters or more, only in these places, and only on the page: the text
  // the engine wrote (and search indexed) stays as it is.
  var LONG = /[A-Za-z\u00C0-\u024F]{16,}/g;
  var JOINT = /(heids|heden|ings|ingen|lings|lingen|teits|teiten|schaps)(?=[a-z\u00DF-\u024F]{4,})/g;
  var TITLES = "h1, .site-nav a, .breadcrumbs li, .site-footer__links a, .card__title, .child-list__title a, " +
    ".pager__title, .toc a";
  function softHyphens() {
    var hosts = document.querySelectorAll(TITLES);
    for (var i = 0; i < hosts.length; i++) {
      var walker = document.createTreeWalker(hosts[i], NodeFilter.SHOW_TEXT, null);
      for (var n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.data.length < 16) continue;
        var out = n.data.replace(LONG, function (w) { return w.replace(JOINT, "$1\u00AD"); });
        if (out !== n.data) n.data = out;
      }
    }
  }

  function setup() {
    breakAtSlashes();
    softHyphens();
    setupThemeToggle();
    setupNavToggle();
    setupCarry();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
