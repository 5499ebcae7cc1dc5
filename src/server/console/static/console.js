// chat-dlp console: the only script. Runs the playground (posts JSON with the CSRF token) and
// highlights findings in the text the user typed; that text never leaves this page except in
// the one request that scans it.
(function () {
  'use strict';
  var form = document.getElementById('playground');
  if (!form) return;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = form.elements.text.value;
    var body = { text: text, kind: form.elements.kind.value, external: form.elements.external.checked };
    fetch('/console/api/playground', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        var out = document.getElementById('pg-result');
        out.hidden = false;
        var hl = out.querySelector('[data-testid=highlighted]');
        var list = out.querySelector('[data-testid=findings]');
        var red = out.querySelector('[data-testid=redacted]');
        var dec = out.querySelector('[data-testid=decision]');
        hl.textContent = ''; list.textContent = ''; dec.textContent = '';
        if (!res.ok) { red.textContent = res.j.error || 'error'; return; }
        var findings = res.j.findings.slice().sort(function (a, b) { return a.start - b.start; });
        var pos = 0;
        findings.forEach(function (f, i) {
          if (f.start < pos) return;
          hl.appendChild(document.createTextNode(text.slice(pos, f.start)));
          var m = el('mark', f.category, text.slice(f.start, f.end));
          m.title = f.ruleName + ' (' + f.severity + ')';
          m.dataset.finding = String(i + 1);
          hl.appendChild(m);
          pos = f.end;
        });
        hl.appendChild(document.createTextNode(text.slice(pos)));
        findings.forEach(function (f) {
          var li = el('li', '', '');
          li.appendChild(el('b', '', f.ruleName));
          li.appendChild(document.createTextNode(' · ' + f.category + ' · ' + f.severity + ' · ' + f.preview + ' (chars ' + f.start + '–' + f.end + ')'));
          var why = el('ul', 'why');
          f.why.forEach(function (w) { why.appendChild(el('li', '', w)); });
          li.appendChild(why);
          list.appendChild(li);
        });
        if (!findings.length) list.appendChild(el('li', 'muted', 'nothing found'));
        red.textContent = res.j.redacted;
        var d = res.j.decision;
        if (d) {
          dec.appendChild(el('p', '', 'Mode: ' + d.mode + (d.exemption ? ' (exempt: ' + d.exemption + ')' : '')));
          var ul = el('ul');
          d.actions.forEach(function (a) { ul.appendChild(el('li', '', a.kind + ' — ' + a.reasons.join('; '))); });
          d.monitored.forEach(function (a) { ul.appendChild(el('li', 'muted', 'monitor only: ' + a.kind + ' — ' + a.reasons.join('; '))); });
          if (!d.actions.length && !d.monitored.length) ul.appendChild(el('li', 'muted', 'no action'));
          dec.appendChild(ul);
        } else if (res.j.decisionError) {
          dec.appendChild(el('p', 'problem', res.j.decisionError));
        }
      })
      .catch(function (e) { alert('Scan failed: ' + e); });
  });
})();
