// The dashboard page: plain HTML, CSS and a little JavaScript, no library and nothing fetched
// from elsewhere (it works offline, and the Content-Security-Policy allows only this origin).
// Every value is put in the page as text (textContent), never as markup. URLs are relative, so
// the secret in the page's own URL is the only place the secret appears.

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>ctk dashboard</title>
<link rel="stylesheet" href="app.css">
</head>
<body>
<header>
  <h1>ctk</h1>
  <span id="summary">…</span>
  <span id="live" class="live off">connecting…</span>
</header>
<main>
  <section>
    <table id="accounts">
      <thead><tr><th>state</th><th>id</th><th>account</th><th>plan</th><th>time left</th><th>expires</th><th>login ends</th><th>5 hours</th><th>7 days</th><th></th></tr></thead>
      <tbody></tbody>
    </table>
    <p id="message" class="message" role="status"></p>
  </section>
  <section class="two">
    <div>
      <h2>Login calendar</h2>
      <p class="hint">Each login ends about 30 days after its browser sign-in; a refresh never moves it. Renew on the day shown: <code>ctk refresh &lt;id&gt; --method login</code>.</p>
      <ol id="calendar"></ol>
    </div>
    <div>
      <h2>Granted lifespans</h2>
      <p class="hint">How long each new token was valid when ctk got it (from ctk history).</p>
      <svg id="chart" viewBox="0 0 600 240" role="img" aria-label="token lifespans over time"></svg>
      <p id="chart-note" class="hint"></p>
    </div>
  </section>
</main>
<footer>Only this machine can open this page, and only with its secret URL. Usage figures are what <code>ctk usage</code> last fetched. “Refresh now” renews a token with its refresh token, without a browser, as <code>ctk refresh &lt;id&gt; --method oauth</code> does.</footer>
<script src="app.js"></script>
</body>
</html>
`;

export const APP_CSS = `
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1d1d1f; --dim: #6e6e73; --line: #d2d2d7; --card: #fff;
  --healthy: #1a7f37; --expiring: #9a6700; --dead: #cf222e; --invalid: #8250df; --bar: #0969da; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --dim: #8b949e; --line: #30363d; --card: #161b22;
  --healthy: #3fb950; --expiring: #d29922; --dead: #f85149; --invalid: #a371f7; --bar: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1.5em; align-items: baseline; padding: .8em 1.5em; border-bottom: 1px solid var(--line); background: var(--card); }
h1 { margin: 0; font-size: 1.3em; }
h2 { font-size: 1.05em; margin: 0 0 .3em; }
main { padding: 1em 1.5em; }
.live { margin-left: auto; color: var(--healthy); font-size: .9em; }
.live.off { color: var(--dim); }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
th, td { padding: .35em .6em; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; color: var(--dim); font-size: .85em; }
td.account { max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
td.num { font-variant-numeric: tabular-nums; }
tr.current td.id::after { content: " ▶"; color: var(--bar); }
.state { font-weight: 600; }
.s-healthy { color: var(--healthy); } .s-expiring { color: var(--expiring); }
.s-expired, .s-revoked, .s-missing, .s-wrong-account { color: var(--dead); } .s-invalid { color: var(--invalid); }
.problem { display: block; color: var(--dim); font-size: .85em; white-space: normal; }
.ending { color: var(--expiring); font-weight: 600; }
.bar { display: inline-block; width: 5em; height: .7em; background: var(--line); border-radius: 3px; vertical-align: middle; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--bar); }
.bar.high > span { background: var(--dead); }
.pct { display: inline-block; width: 3em; text-align: right; font-variant-numeric: tabular-nums; color: var(--dim); }
button { font: inherit; padding: .2em .7em; border-radius: 5px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
button:disabled { opacity: .55; cursor: default; }
.message { min-height: 1.4em; color: var(--dim); }
.two { display: grid; grid-template-columns: 1fr 1.4fr; gap: 2em; margin-top: 1em; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
.hint { color: var(--dim); font-size: .85em; margin: 0 0 .6em; }
ol#calendar { list-style: none; padding: 0; margin: 0; }
ol#calendar li { padding: .3em 0; border-bottom: 1px solid var(--line); display: flex; gap: 1em; }
ol#calendar .day { width: 9em; font-variant-numeric: tabular-nums; }
ol#calendar .overdue .day { color: var(--dead); font-weight: 600; }
.chip { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid var(--line); border-radius: 9px; }
svg#chart { width: 100%; height: auto; background: var(--card); border: 1px solid var(--line); }
svg text { fill: var(--dim); font-size: 11px; }
svg .grid { stroke: var(--line); }
svg .median { stroke: var(--expiring); stroke-dasharray: 4 3; }
svg .oauth { fill: var(--bar); } svg .login { fill: var(--healthy); }
footer { padding: 1em 1.5em; color: var(--dim); font-size: .85em; }
code { font-size: .95em; }
`;

export const APP_JS = `'use strict';
(function () {
  var GLYPH = { healthy: '●', expiring: '◐', expired: '○', revoked: '✕', missing: '∅', invalid: '!', 'wrong-account': '≠' };
  var snap = null, offset = 0, messages = {}, busy = {};
  function $(s) { return document.querySelector(s); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function now() { return Date.now() + offset; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function left(ms) {
    if (ms === null) return '—';
    var a = Math.abs(ms), s = ms < 0 ? '-' : '';
    if (a < 3600000) return s + Math.round(a / 60000) + ' min';
    if (a < 48 * 3600000) return s + (a / 3600000).toFixed(1) + ' h';
    return s + Math.floor(a / 86400000) + ' d';
  }
  function clock(ms) {
    if (ms === null) return '—';
    var d = new Date(ms), n = new Date(now()), hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
    if (d.toDateString() === n.toDateString()) return hm;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm;
  }
  function day(ms) { var d = new Date(ms); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function bar(pct) {
    var td = el('td', 'usage');
    if (pct === null || pct === undefined) { td.textContent = '—'; return td; }
    var b = el('span', pct >= 90 ? 'bar high' : 'bar'), fill = el('span');
    fill.style.width = Math.min(100, Math.max(0, pct)) + '%';
    b.appendChild(fill);
    td.appendChild(b);
    td.appendChild(el('span', 'pct', Math.round(pct) + '%'));
    return td;
  }
  function row(a) {
    var tr = el('tr', a.current ? 'current' : '');
    tr.dataset.id = a.id;
    tr.dataset.state = a.state;
    var st = el('td', 'state s-' + a.state, (GLYPH[a.state] || '') + ' ' + a.state);
    tr.appendChild(st);
    tr.appendChild(el('td', 'id', a.id));
    var who = el('td', 'account', a.label || a.email || '');
    var why = messages[a.id] || a.problem || a.note;
    if (why) who.appendChild(el('span', 'problem', why));
    tr.appendChild(who);
    tr.appendChild(el('td', 'plan', a.plan || ''));
    var l = el('td', 'left num', '');
    l.dataset.expires = a.expiresAt === null ? '' : String(a.expiresAt);
    tr.appendChild(l);
    tr.appendChild(el('td', 'expires num', clock(a.expiresAt)));
    var login = el('td', 'login num' + (a.loginEnding ? ' ending' : ''), a.loginExpiresAt === null ? '—' : day(a.loginExpiresAt) + ' (' + left(a.loginExpiresAt - now()) + ')');
    tr.appendChild(login);
    tr.appendChild(bar(a.usage ? a.usage.windows['5h'] : null));
    tr.appendChild(bar(a.usage ? a.usage.windows['7d'] : null));
    var act = el('td', 'action');
    if (a.refreshable) {
      var b = el('button', 'refresh', busy[a.id] ? 'refreshing…' : 'refresh now');
      b.type = 'button';
      b.disabled = !!busy[a.id];
      b.addEventListener('click', function () { refresh(a.id); });
      act.appendChild(b);
    }
    tr.appendChild(act);
    return tr;
  }
  function tick() {
    var cells = document.querySelectorAll('td.left');
    for (var i = 0; i < cells.length; i++) {
      var x = cells[i].dataset.expires;
      cells[i].textContent = x ? left(Number(x) - now()) : '—';
    }
  }
  function summary(s, n) {
    var parts = [];
    ['healthy', 'expiring', 'expired', 'revoked', 'missing', 'invalid', 'wrong-account'].forEach(function (k) { if (s[k]) parts.push(s[k] + ' ' + k); });
    if (s.loginEnding) parts.push(s.loginEnding + ' login' + (s.loginEnding === 1 ? '' : 's') + ' ending');
    return n + ' account' + (n === 1 ? '' : 's') + (parts.length ? ': ' + parts.join(', ') : '');
  }
  function calendar(accounts) {
    var ol = $('#calendar'), days = {}, order = [];
    ol.textContent = '';
    accounts.forEach(function (a) {
      var k = a.renewOn || 'unknown';
      if (!days[k]) { days[k] = []; order.push(k); }
      days[k].push(a);
    });
    order.sort(function (x, y) { return x === 'unknown' ? 1 : y === 'unknown' ? -1 : x < y ? -1 : x > y ? 1 : 0; });
    var today = day(now());
    order.forEach(function (k) {
      var li = el('li', k !== 'unknown' && k <= today ? 'overdue' : '');
      li.appendChild(el('span', 'day', k === 'unknown' ? 'no deadline stored' : k === today ? 'today' : k));
      var who = el('span', 'who');
      days[k].forEach(function (a) { who.appendChild(el('span', 'chip', a.id)); });
      li.appendChild(who);
      ol.appendChild(li);
    });
  }
  function chart(points) {
    var c = $('#chart'), W = 600, H = 240, L = 40, R = 10, T = 10, B = 30;
    c.textContent = '';
    if (!points.length) { $('#chart-note').textContent = 'No refresh or login recorded yet.'; return; }
    var hours = points.map(function (p) { return p.lifespanMs / 3600000; });
    var maxH = Math.max(8, Math.ceil(Math.max.apply(null, hours))) * 1.1;
    var t0 = points[0].at, t1 = points[points.length - 1].at; if (t1 === t0) { t0 -= 3600000; t1 += 3600000; }
    function x(t) { return L + (t - t0) / (t1 - t0) * (W - L - R); }
    function y(h) { return H - B - h / maxH * (H - T - B); }
    for (var h = 0; h <= maxH; h += maxH > 24 ? 6 : 2) {
      c.appendChild(svg('line', { x1: L, x2: W - R, y1: y(h), y2: y(h), class: 'grid' }));
      c.appendChild(svg('text', { x: L - 6, y: y(h) + 4, 'text-anchor': 'end' }, h + 'h'));
    }
    var oneDay = day(t0) === day(t1), tl = function (t) { return oneDay ? clock(t) : day(t); };
    c.appendChild(svg('text', { x: L, y: H - 8 }, tl(t0)));
    c.appendChild(svg('text', { x: W - R, y: H - 8, 'text-anchor': 'end' }, tl(t1)));
    var sorted = hours.slice().sort(function (a, b) { return a - b; }), m = sorted.length;
    var median = m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    c.appendChild(svg('line', { x1: L, x2: W - R, y1: y(median), y2: y(median), class: 'median' }));
    points.forEach(function (p, i) {
      var dot = svg('circle', { cx: x(p.at), cy: y(hours[i]), r: 4, class: p.method === 'login' ? 'login' : 'oauth' });
      dot.appendChild(svg('title', {}, p.account + ' · ' + p.method + ' · ' + hours[i].toFixed(1) + ' h · ' + clock(p.at)));
      c.appendChild(dot);
    });
    $('#chart-note').textContent = m + ' token' + (m === 1 ? '' : 's') + ', median ' + median.toFixed(1) + ' h (dashed). Blue: refreshed without a browser; green: browser login.';
  }
  function render() {
    if (!snap) return;
    var tb = $('#accounts tbody');
    tb.textContent = '';
    snap.accounts.forEach(function (a) { tb.appendChild(row(a)); });
    $('#summary').textContent = summary(snap.summary, snap.accounts.length);
    calendar(snap.accounts);
    chart(snap.lifespans);
    tick();
  }
  function refresh(id) {
    busy[id] = true;
    render();
    fetch('api/refresh/' + encodeURIComponent(id), { method: 'POST' })
      .then(function (r) { return r.json(); })
      .then(function (r) { messages[id] = r.outcome === 'refreshed' || r.outcome === 'already-refreshed' ? '' : r.message; $('#message').textContent = id + ': ' + (r.message || r.outcome); })
      .catch(function (e) { $('#message').textContent = id + ': ' + e; })
      .then(function () { delete busy[id]; return fetch('api/snapshot'); })
      .then(function (r) { return r.json(); })
      .then(function (s) { take(s); })
      .catch(function () {});
  }
  function take(s) { snap = s; offset = s.now - Date.now(); render(); }
  var es = new EventSource('events');
  es.addEventListener('snapshot', function (e) { take(JSON.parse(e.data)); var l = $('#live'); l.textContent = 'live'; l.className = 'live'; });
  es.onerror = function () { var l = $('#live'); l.textContent = 'reconnecting…'; l.className = 'live off'; };
  setInterval(tick, 1000);
})();
`;
