#include "server/error_overlay.h"

#include "value.h"

namespace ww {

const char* ErrorOverlayScript() {
  return R"JS((function () {
  var ID = 'wegwijzer-build-errors';
  var shown = '[]';
  var hidden = null;  // the list the reader closed; shown again when it changes
  function css(el, props) { for (var k in props) el.style[k] = props[k]; }
  function render(errors) {
    var old = document.getElementById(ID);
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement('div');
    box.id = ID;
    box.setAttribute('role', 'alert');
    css(box, { position: 'fixed', left: '0', right: '0', top: '0', zIndex: '2147483647', maxHeight: '80vh',
      overflow: 'auto', background: '#fff', color: '#1a1a1a', borderBottom: '0.3rem solid #b00020',
      padding: '1rem 1.25rem', font: '1rem/1.5 system-ui, sans-serif', boxShadow: '0 0.25rem 1rem rgba(0,0,0,0.3)' });
    var h = document.createElement('h2');
    h.textContent = 'De site kon niet worden gebouwd';
    css(h, { margin: '0 0 0.25rem', fontSize: '1.25rem', color: '#b00020' });
    var p = document.createElement('p');
    p.textContent = 'Je ziet de laatste goede versie. Verbeter wat hieronder staat en sla op: ' +
      'deze pagina laadt dan vanzelf opnieuw.';
    css(p, { margin: '0 0 0.5rem' });
    var list = document.createElement('ul');
    css(list, { margin: '0', paddingLeft: '1.25rem' });
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var where = document.createElement('code');
      where.textContent = e.where;
      css(where, { fontWeight: 'bold', overflowWrap: 'anywhere' });
      li.appendChild(where);
      li.appendChild(document.createTextNode(': ' + e.message));
      list.appendChild(li);
    });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Verbergen';
    css(close, { marginTop: '0.75rem', minHeight: '2.75rem', minWidth: '2.75rem', padding: '0.25rem 1rem',
      font: 'inherit', cursor: 'pointer' });
    close.addEventListener('click', function () { hidden = shown; render([]); });
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(list);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  function check() {
    var errors = window.__wegwijzerErrors || [];
    var now = JSON.stringify(errors);
    if (now !== shown) {
      shown = now;
      if (now !== hidden) render(errors);
    }
    setTimeout(check, 300);
  }
  check();
})();
)JS";
}

std::string BuildErrorsScript(const std::vector<Diagnostic>& diags) {
  Value list = Value::MakeArray();
  size_t errors = 0;
  for (const Diagnostic& d : diags) {
    if (d.severity != Severity::kError) continue;
    if (++errors > kOverlayMaxErrors) continue;
    // Format() is "where: error: message"; the overlay shows where and message apart.
    std::string where = d.path.empty() ? "wegwijzer" : d.path;
    if (d.line > 0) where += ":" + std::to_string(d.line) + (d.col > 0 ? ":" + std::to_string(d.col) : "");
    Value e = Value::MakeObject();
    e.Set("where", where);
    e.Set("message", d.message);
    list.Push(std::move(e));
  }
  if (errors > kOverlayMaxErrors) {
    Value more = Value::MakeObject();
    more.Set("where", "…");
    more.Set("message", std::to_string(errors - kOverlayMaxErrors) + " fouten meer; zie de terminal");
    list.Push(std::move(more));
  }
  // ToJson escapes '<' and '>': safe in any script.
  return "window.__wegwijzerErrors = " + list.ToJson() + ";\n";
}

}  // namespace ww
