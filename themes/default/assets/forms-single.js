/* Wegwijzer forms, one form as one file: "Formulier als één bestand" makes a
 * self-contained HTML file of the form on this page, for an IB'er to mail to
 * a colleague who opens it from her downloads folder, fills it in (answers
 * kept in that browser, under the same key as on the site) and sends back an
 * export that the team overview reads.
 *
 * The file holds the form's own content as the server wrote it (taken here,
 * before forms.js binds it), the site's stylesheets and the forms scripts
 * inline, and a Content-Security-Policy that allows exactly those inline
 * blocks by their SHA-256 hash and nothing else: no file, no network. Links
 * to other pages of the site would lead nowhere, so they become their text.
 *
 * The stylesheets' and scripts' text comes from assets/forms-sources.js,
 * which the form plugin writes at build time from the published files (a page
 * on file:// cannot read its own scripts); it is loaded as a plain script
 * when she asks for the file. In the single file itself this script is not
 * included, so no download button appears there.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var SELF = document.currentScript ? document.currentScript.src : "";
  var pristine = {}; // form base id -> the content's HTML before forms.js changed it

  function capture() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-ww-form]"), function (root) {
      var content = root.closest(".page__content") || root.parentNode;
      pristine[root.id] = content.innerHTML;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", capture);
  else capture();

  function loadSources(done, fail) {
    if (W.formSources) return done(W.formSources);
    var s = document.createElement("script");
    s.src = SELF.replace(/forms-single\.js(\?.*)?$/, "forms-sources.js");
    s.onload = function () { if (W.formSources) done(W.formSources); else fail(); };
    s.onerror = fail;
    document.head.appendChild(s);
  }

  function base64(buf) {
    var bytes = new Uint8Array(buf);
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return window.btoa(bin);
  }

  // Resolves to "'sha256-…'" for a CSP source list.
  function hash(text) {
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (d) {
      return "'sha256-" + base64(d) + "'";
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The content as it will stand alone: links to the site become text,
  // images from the site their alt text, and the privacy link goes (the file
  // names no page it does not hold).
  function standalone(f) {
    var tpl = document.createElement("template");
    tpl.innerHTML = pristine[f.base] || "";
    var doc = tpl.content;
    Array.prototype.forEach.call(doc.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (/^(#|https?:|mailto:)/i.test(href)) return;
      var span = document.createElement("span");
      while (a.firstChild) span.appendChild(a.firstChild);
      a.parentNode.replaceChild(span, a);
    });
    Array.prototype.forEach.call(doc.querySelectorAll("img"), function (img) {
      if (/^data:/i.test(img.getAttribute("src") || "")) return;
      img.parentNode.replaceChild(document.createTextNode(img.getAttribute("alt") || ""), img);
    });
    var def = doc.getElementById(f.base + "-def");
    if (def) {
      var d = JSON.parse(def.textContent);
      delete d.privacy_url;
      d.single = true;
      // As the plugin writes it: "<" escaped, so no text can end the element.
      def.textContent = JSON.stringify(d).replace(/</g, "\\u003c");
    }
    var div = document.createElement("div");
    div.appendChild(doc);
    return div.innerHTML;
  }

  // Inline text may not end its element early; CR is dropped because the
  // HTML parser drops it, and the hash is of what the parser keeps.
  function inlineScript(text) {
    return String(text).replace(/\r/g, "").replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
  }

  function inlineStyle(text) {
    return String(text).replace(/\r/g, "").replace(/<\/(style)/gi, "<\\/$1");
  }

  // Resolves to the whole file as text.
  function make(f, sources) {
    var styles = sources.styles.map(function (s) { return inlineStyle(s.text); });
    var scripts = sources.scripts.map(function (s) { return inlineScript(s.text); });
    var title = f.def.title || document.title;
    var note = f.T("single_note", document.title.split(" – ").slice(1).join(" – ") || document.title);
    return Promise.all(styles.map(hash).concat(scripts.map(hash))).then(function (hashes) {
      var styleHashes = hashes.slice(0, styles.length);
      var scriptHashes = hashes.slice(styles.length);
      var csp = "default-src 'none'; script-src " + scriptHashes.join(" ") + "; style-src " + styleHashes.join(" ") +
        "; img-src data:; form-action 'none'; base-uri 'none'";
      var lang = document.documentElement.lang || f.lang;
      return "<!doctype html>\n<html lang=\"" + escapeHtml(lang) + "\" data-ww-single=\"" + escapeHtml(f.def.id) + "\">\n<head>\n" +
        "<meta charset=\"utf-8\">\n" +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        "<meta name=\"referrer\" content=\"no-referrer\">\n" +
        "<meta name=\"color-scheme\" content=\"light dark\">\n" +
        "<title>" + escapeHtml(title) + "</title>\n" +
        styles.map(function (s) { return "<style>" + s + "</style>\n"; }).join("") +
        "</head>\n<body class=\"kind-page ww-single\">\n" +
        "<main id=\"inhoud\" class=\"main\" tabindex=\"-1\">\n<article class=\"page\">\n<header class=\"page__header\">\n" +
        "<h1 class=\"page__title\">" + escapeHtml(title) + "</h1>\n" +
        "<p class=\"ww-single__note\">" + escapeHtml(note) + "</p>\n</header>\n" +
        "<div class=\"page__content prose\">\n" + standalone(f) + "\n</div>\n</article>\n</main>\n" +
        scripts.map(function (s) { return "<script>" + s + "</script>\n"; }).join("") +
        "</body>\n</html>\n";
    });
  }

  function download(f) {
    var T = f.T;
    var fail = function () {
      F.panel.showError(f, T("single_failed"));
      F.panel.announce(f, T("single_failed"));
    };
    if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) return fail();
    loadSources(function (sources) {
      make(f, sources).then(function (html) {
        var name = f.def.id + ".html";
        F.output.download(name, html, "text/html;charset=utf-8");
        F.panel.announce(f, T("single_done", name));
        F.panel.setStatus(f, T("single_done", name));
      }, fail);
    }, fail);
  }

  function button(f) {
    if (document.documentElement.hasAttribute("data-ww-single") || !SELF) return null;
    var b = F.dom.el("button", { type: "button", className: "button", id: f.base + "-single", text: f.T("single") });
    b.addEventListener("click", function () { download(f); });
    return b;
  }

  F.single = { button: button, make: make };
})((window.Wegwijzer = window.Wegwijzer || {}));
