/* Wegwijzer forms, building page content: elements, SVG and text cut short.
 *
 * Everything the forms scripts add to a page is made here, and user text
 * (names, notes, imported files) only ever goes in as textContent or a text
 * node, never as HTML. The page's CSP allows no inline style or handler, so
 * attributes are set one by one and handlers with addEventListener.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var SVG_NS = "http://www.w3.org/2000/svg";

  // el("p", {className: "x", text: "…"}, [children]); null and undefined
  // attributes are left out, so callers can pass optional ones as they are.
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === null || attrs[k] === undefined) continue;
        if (k === "text") e.textContent = attrs[k];
        else if (k === "className") e.className = attrs[k];
        else if (k === "hidden") e.hidden = !!attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    append(e, children);
    return e;
  }

  // Children may be nodes, strings (as text) or nothing (null, false).
  function append(parent, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function clearChildren(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  // At most n characters, cut at a space when one is near the end, so a long
  // question fits a chart label or a list line.
  function shorten(s, n) {
    s = String(s || "");
    if (s.length <= n) return s;
    var cut = s.slice(0, n);
    var sp = cut.lastIndexOf(" ");
    if (sp > n * 0.6) cut = cut.slice(0, sp);
    return cut.replace(/[\s,;:.]+$/, "") + "…";
  }

  F.dom = { el: el, append: append, svg: svg, clearChildren: clearChildren, shorten: shorten };
})((window.Wegwijzer = window.Wegwijzer || {}));
