/* Wegwijzer forms, confirmation: every step that throws answers away (reset,
 * "Alles wissen", discarding kept answers) or replaces them (import) asks
 * first, in a real confirmation step in the page: a modal <dialog>, keyboard
 * accessible, Escape cancels, focus starts on the cancel button (the safe
 * choice) and returns to where it was.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  // o: {title, text, list (lines), after (a closing line), confirm (the
  // button's label; none shows only cancel), danger, onConfirm, onCancel}.
  function confirm(f, o) {
    var el = F.dom.el;
    var opener = document.activeElement;
    var id = f.base + "-dialog";
    var old = document.getElementById(id);
    if (old) old.parentNode.removeChild(old);
    var titleId = id + "-title";
    var textId = id + "-text";
    var ok = el("button", { type: "button", className: "button " + (o.danger ? "button--danger" : "button--primary"),
      id: id + "-confirm", text: o.confirm });
    var cancel = el("button", { type: "button", className: "button", id: id + "-cancel", text: f.T("cancel") });
    var body = [el("h2", { id: titleId, className: "ww-dialog__title", text: o.title }),
      el("p", { id: textId, text: o.text })];
    if (o.list && o.list.length) {
      body.push(el("ul", { className: "ww-dialog__list" }, o.list.map(function (line) {
        return el("li", { text: line });
      })));
    }
    if (o.after) body.push(el("p", { text: o.after }));
    body.push(el("div", { className: "button-row ww-dialog__buttons" }, o.confirm ? [ok, cancel] : [cancel]));
    var dialog = el("dialog", { id: id, className: "ww-dialog", "aria-labelledby": titleId, "aria-describedby": textId }, body);
    document.body.appendChild(dialog);
    // Escape, a button and the fallback below may all end the dialog: the
    // answer counts once.
    var done = false;
    function close(confirmed) {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
      if (opener && opener.focus && document.contains(opener)) opener.focus();
      if (confirmed) o.onConfirm();
      else if (o.onCancel) o.onCancel();
    }
    ok.addEventListener("click", function () { close(true); });
    cancel.addEventListener("click", function () { close(false); });
    dialog.addEventListener("cancel", function (e) {
      e.preventDefault();
      close(false);
    });
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
      cancel.focus();
    } else if (window.confirm(o.title + "\n\n" + o.text)) {
      // Browsers without <dialog>: the browser's own question.
      close(true);
    } else {
      close(false);
    }
  }

  F.dialog = { confirm: confirm };
})((window.Wegwijzer = window.Wegwijzer || {}));
