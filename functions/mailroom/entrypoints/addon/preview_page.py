"""The preview's one page: the local mailbox on the left, the add-on's sidebar on the right,
rendering Card v1 JSON the way Gmail does for the widgets mailroom uses (collapsible sections
are shown open). Clicks go to /gmail, which turns them into the event objects Gmail sends."""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mailroom add-on preview</title>
<style>
 body{margin:0;font:14px/1.4 Roboto,Arial,sans-serif;color:#202124;display:flex;flex-direction:column;height:100vh}
 header{padding:10px 16px;border-bottom:1px solid #dadce0;display:flex;gap:12px;align-items:center}
 header b{font-size:18px;color:#5f6368}
 main{flex:1;display:flex;min-height:0}
 #messages{flex:1;overflow:auto;margin:0;padding:0;list-style:none}
 .message{padding:10px 16px;border-bottom:1px solid #f1f3f4;cursor:pointer;display:flex;gap:12px}
 .message:hover{box-shadow:inset 1px 0 #dadce0,inset -1px 0 #dadce0,0 1px 2px rgba(60,64,67,.3)}
 .message.open{background:#e8f0fe}.from{width:200px;font-weight:500;overflow:hidden;white-space:nowrap}
 .subject{flex:1}.label{background:#e6f4ea;color:#137333;border-radius:4px;padding:0 6px;margin-left:4px;font-size:12px}
 #sidebar{width:360px;border-left:1px solid #dadce0;overflow-y:auto;overflow-x:hidden;overflow-wrap:anywhere;background:#fff}
 .card-header{padding:14px 16px;border-bottom:1px solid #dadce0}.title{font-size:16px;font-weight:500}
 .subtitle{color:#5f6368;font-size:12px}.section{padding:8px 16px;border-bottom:1px solid #f1f3f4}
 .section-header{font-weight:500;color:#1a73e8;margin:6px 0}.top,.bottom{font-size:12px;color:#5f6368}
 .decorated,.paragraph,.input{margin:8px 0}.input input{width:100%;box-sizing:border-box;padding:6px;
 border:1px solid #dadce0;border-radius:4px}.buttons{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
 .btn{border-radius:18px;padding:6px 14px;border:1px solid #dadce0;background:#fff;color:#1a73e8;cursor:pointer}
 .btn.FILLED{background:#1a73e8;color:#fff;border-color:#1a73e8}.btn.BORDERLESS{border-color:transparent}
 #toast{position:fixed;bottom:16px;right:16px;background:#323232;color:#fff;padding:10px 16px;border-radius:4px;
 max-width:320px;display:none}#error{color:#c5221f;padding:16px}
</style></head><body>
<header><b>mailroom</b><span>Gmail add-on preview (local stack)</span>
 <button class="btn" id="home">Add-on home</button></header>
<main><ul id="messages"></ul><aside id="sidebar"><div id="card"></div><div id="error"></div></aside></main>
<div id="toast"></div>
<script>
const ADDON = location.origin + "/addon/";
let stack = [], open = null;
const ALLOWED = {B: [], I: [], U: [], BR: [], FONT: ["color"]};

function clean(html) {  // the Card v1 text subset only: nothing else reaches the DOM
  const t = document.createElement("template"); t.innerHTML = html || "";
  const walk = node => [...node.childNodes].forEach(n => {
    if (n.nodeType !== 1) return;
    if (!(n.tagName in ALLOWED)) { n.replaceWith(document.createTextNode(n.textContent)); return; }
    [...n.attributes].forEach(a => { if (!ALLOWED[n.tagName].includes(a.name)) n.removeAttribute(a.name); });
    walk(n);
  });
  walk(t.content); return t.innerHTML;
}

function el(tag, cls, html) { const e = document.createElement(tag); if (cls) e.className = cls;
  if (html !== undefined) e.innerHTML = clean(html); return e; }

function widget(w) {
  if (w.decoratedText) { const d = el("div", "decorated"), t = w.decoratedText;
    if (t.topLabel) d.append(el("div", "top", t.topLabel)); d.append(el("div", "text", t.text));
    if (t.bottomLabel) d.append(el("div", "bottom", t.bottomLabel)); return d; }
  if (w.textParagraph) return el("div", "paragraph", w.textParagraph.text);
  if (w.textInput) { const l = el("label", "input", w.textInput.label), i = document.createElement("input");
    i.name = w.textInput.name; i.value = w.textInput.value || ""; i.placeholder = w.textInput.hintText || "";
    l.append(i); return l; }
  if (w.buttonList) { const b = el("div", "buttons");
    w.buttonList.buttons.forEach(spec => { const x = el("button", "btn " + (spec.type || ""));
      x.textContent = spec.text; x.onclick = () => clicked(spec.onClick); b.append(x); }); return b; }
  return el("div", "paragraph", "(unsupported widget)");
}

function render() {
  const root = document.getElementById("card"); root.innerHTML = "";
  const card = stack[stack.length - 1]; if (!card) return;
  const c = el("div", "card"); c.dataset.name = card.name || "";
  const h = el("div", "card-header"); h.append(el("div", "title", card.header.title));
  if (card.header.subtitle) h.append(el("div", "subtitle", card.header.subtitle)); c.append(h);
  card.sections.forEach(s => { const d = el("div", "section");
    if (s.header) d.append(el("div", "section-header", s.header)); s.widgets.forEach(w => d.append(widget(w)));
    c.append(d); });
  root.append(c);
}

function toast(text) { const t = document.getElementById("toast"); t.textContent = text;
  t.style.display = text ? "block" : "none"; }

async function send(url, extra) {
  const body = {url, messageId: open && open.id, threadId: open && open.thread, ...extra};
  const r = await (await fetch("/gmail", {method: "POST", headers: {"Content-Type": "application/json"},
                                          body: JSON.stringify(body)})).json();
  document.getElementById("error").textContent = r.status === 200 ? "" : "The add-on answered " + r.status;
  const action = r.response.renderActions ? r.response.renderActions.action : r.response.action;
  if (action) {
    (action.navigations || []).forEach(n => {
      if (n.pushCard) stack.push(n.pushCard);
      if (n.updateCard) { stack.pop(); stack.push(n.updateCard); }
      if (n.popCard) stack.pop();
      if (n.popToRoot) stack = stack.slice(0, 1);
    });
    toast(action.notification ? action.notification.text : "");
  }
  render(); loadMessages();
}

function clicked(onClick) {
  if (onClick.openLink) { window.open(onClick.openLink.url, "_blank"); return; }
  const a = onClick.action, parameters = {}, formInputs = {};
  (a.parameters || []).forEach(p => parameters[p.key] = p.value);
  document.querySelectorAll("#card input").forEach(i => formInputs[i.name] = i.value);
  send(a.function, {parameters, formInputs});
}

async function loadMessages() {
  const list = document.getElementById("messages"), messages = await (await fetch("/messages")).json();
  list.innerHTML = "";
  messages.forEach(m => { const li = el("li", "message" + (open && open.id === m.id ? " open" : ""));
    li.dataset.id = m.id; li.append(el("span", "from")); li.lastChild.textContent = m.from;
    const s = el("span", "subject"); s.textContent = m.subject;
    m.labels.forEach(l => { const x = el("span", "label"); x.textContent = l; s.append(x); });
    li.append(s); li.onclick = () => { open = m; stack = []; send(ADDON + "message", {}); }; list.append(li); });
}

document.getElementById("home").onclick = () => { open = null; stack = []; send(ADDON + "home", {}); };
loadMessages(); send(ADDON + "home", {});
</script></body></html>
"""
