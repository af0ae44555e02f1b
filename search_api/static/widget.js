/* kb's embeddable Ask box. On any site, one tag:
 *   <script src="https://help.example.com/widget.js" data-kb="https://help.example.com/api" async></script>
 * renders the Ask box where the tag is (or inside the element that data-kb-target names), in a
 * Shadow DOM so the page's CSS cannot change it. Answers and links come from the help centre;
 * everything from the API is inserted as text. The help centre must list this site's origin in
 * cors_origins (KB_CORS_ORIGINS). No framework, no cookies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var api = (script.getAttribute("data-kb") || "").replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(api)) {
    if (window.console) console.error('kb widget: set data-kb="https://your-help-centre/api" on its <script> tag');
    return;
  }
  var site = api.replace(/\/api$/, "") + "/";
  var targetId = script.getAttribute("data-kb-target");
  var host = (targetId && document.getElementById(targetId)) || document.createElement("div");
  if (!host.parentNode) script.parentNode.insertBefore(host, script.nextSibling);
  host.className = (host.className ? host.className + " " : "") + "kb-widget";
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  var css =
    ":host{all:initial;display:block}" +
    ".box{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#fff;" +
    "border:1px solid #d0d7de;border-radius:8px;padding:12px 14px;max-width:40rem;box-sizing:border-box}" +
    "@media (prefers-color-scheme:dark){.box{color:#e6edf3;background:#0d1117;border-color:#30363d}" +
    ".opt[aria-selected=true],.opt:hover{background:#1f6feb33}a{color:#58a6ff}.muted{color:#9198a1}}" +
    "label{display:block;font-weight:700;margin-bottom:6px}.row{display:flex;gap:8px}" +
    "input{flex:1;min-width:0;font:inherit;padding:6px 8px;border:1px solid #8c959f;border-radius:4px;color:inherit;background:transparent}" +
    "input:focus{outline:2px solid #0969da;outline-offset:1px}" +
    "button{font:inherit;padding:6px 14px;border:0;border-radius:4px;background:#0969da;color:#fff;cursor:pointer}" +
    "button.quiet{background:transparent;color:inherit;border:1px solid #8c959f;padding:2px 10px;font-size:13px}" +
    "ul{margin:6px 0 0;padding:0 0 0 18px}.list{list-style:none;padding:4px 0;border:1px solid #d0d7de;border-radius:4px}" +
    ".opt{padding:4px 8px;cursor:pointer}.opt[aria-selected=true],.opt:hover{background:#ddf4ff}" +
    ".answer{font-size:16px;margin:10px 0 4px}.muted{color:#59636e;font-size:13px}a{color:#0969da}" +
    ".none{font-weight:700;margin:10px 0 4px}.votes{display:flex;gap:6px;align-items:center;margin-top:8px}";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function absolute(url) {
    try { return new URL(url, site).href; } catch (e) { return site; }
  }

  function link(text, url) {
    var a = el("a", "", text);
    a.href = absolute(url);
    a.target = "_top";
    return a;
  }

  var style = el("style");
  style.textContent = css;
  var box = el("div", "box");
  var form = el("form");
  form.setAttribute("role", "search");
  var label = el("label", "", script.getAttribute("data-kb-label") || "Ask a question");
  label.htmlFor = "q";
  var row = el("div", "row");
  var input = el("input");
  input.id = "q";
  input.type = "search";
  input.maxLength = 500;
  input.autocomplete = "off";
  input.required = true;
  input.placeholder = "Type your question";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", "kb-suggestions");
  input.setAttribute("aria-expanded", "false");
  var ask = el("button", "", "Ask");
  ask.type = "submit";
  var list = el("ul", "list");
  list.id = "kb-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  var out = el("div", "out");
  out.setAttribute("aria-live", "polite");
  row.appendChild(input);
  row.appendChild(ask);
  form.appendChild(label);
  form.appendChild(row);
  form.appendChild(list);
  box.appendChild(form);
  box.appendChild(out);
  root.appendChild(style);
  root.appendChild(box);

  function getJson(path) {
    return fetch(api + path, { headers: { Accept: "application/json" }, credentials: "omit" }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    });
  }

  function title(r) { return r.heading ? r.title + " \u203a " + r.heading : r.title; }

  function vote(query, url, helpful, status) {
    fetch(api + "/feedback", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: query, answer_url: url, helpful: helpful })
    }).then(function (r) { status.textContent = r.ok ? "Thanks for telling us." : "Could not send that."; },
            function () { status.textContent = "Could not send that."; });
  }

  function show(data) {
    out.textContent = "";
    if (data.answer && data.source) {
      out.appendChild(el("p", "answer", data.answer));
      var source = el("p", "muted", "Source: ");
      source.appendChild(link(title(data.source), data.source.url));
      out.appendChild(source);
      var votes = el("div", "votes muted", "Helpful?");
      var status = el("span");
      ["Yes", "No"].forEach(function (word) {
        var b = el("button", "quiet", word);
        b.type = "button";
        b.addEventListener("click", function () { vote(data.query, data.source.url, word === "Yes", status); });
        votes.appendChild(b);
      });
      votes.appendChild(status);
      out.appendChild(votes);
    } else {
      out.appendChild(el("p", "none", "No exact answer"));
      var items = el("ul");
      (data.results || []).slice(0, 5).forEach(function (r) {
        var li = el("li");
        li.appendChild(link(title(r), r.url));
        items.appendChild(li);
      });
      if (items.childNodes.length) out.appendChild(items);
    }
    var more = el("p", "muted");
    more.appendChild(link("Open this answer in the help centre", "/?q=" + encodeURIComponent(data.query)));
    out.appendChild(more);
  }

  function answer(q) {
    closeList();
    out.textContent = "Searching\u2026";
    getJson("/answer?q=" + encodeURIComponent(q)).then(function (r) {
      if (r.ok) show(r.body);
      else out.textContent = (r.body && r.body.error && r.body.error.message) || "Search is unavailable right now.";
    }, function () { out.textContent = "Search is unavailable right now. Please try again."; });
  }

  var options = [], active = -1, timer = 0, asked = 0;

  function setActive(i) {
    options.forEach(function (o, n) { o.node.setAttribute("aria-selected", n === i ? "true" : "false"); });
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", options[i].node.id);
    else input.removeAttribute("aria-activedescendant");
  }

  function closeList() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    setActive(-1);
    input.setAttribute("aria-expanded", "false");
  }

  function open(i) {
    var url = absolute(options[i].url);
    closeList();
    window.open(url, "_top");
  }

  function suggest() {
    var q = input.value;
    if (!q.trim()) return closeList();
    var ticket = ++asked;
    getJson("/suggest?q=" + encodeURIComponent(q)).then(function (r) {
      if (ticket !== asked || !r.ok) return;
      list.textContent = "";
      options = (r.body.suggestions || []).map(function (s, i) {
        var node = el("li", "opt", title(s));
        node.id = "kb-option-" + i;
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", "false");
        node.addEventListener("mousedown", function (e) { e.preventDefault(); open(i); });
        list.appendChild(node);
        return { node: node, url: s.url };
      });
      active = -1;
      list.hidden = !options.length;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }, function () {});
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  input.addEventListener("keydown", function (e) {
    var shown = !list.hidden && options.length;
    if (e.key === "ArrowDown" && shown) { e.preventDefault(); setActive((active + 1) % options.length); }
    else if (e.key === "ArrowUp" && shown) { e.preventDefault(); setActive(active <= 0 ? options.length - 1 : active - 1); }
    else if (e.key === "Enter" && shown && active >= 0) { e.preventDefault(); open(active); }
    else if (e.key === "Escape") { e.preventDefault(); if (shown) closeList(); else { input.value = ""; out.textContent = ""; } }
  });
  input.addEventListener("blur", function () { setTimeout(closeList, 150); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (q) answer(q);
  });
})();
