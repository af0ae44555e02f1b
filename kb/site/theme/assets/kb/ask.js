// kb Ask box: ask the answer API, show one sentence with its source, then the top results.
// Suggests titles and headings as you type (an ARIA combobox), answers /?q=… on load, and
// copies a link to the answer. Everything from the API is inserted as text; snippets keep only
// their <mark> highlights.
(function () {
  "use strict";
  var form = document.querySelector(".kb-ask__form");
  if (!form) return;
  var input = form.querySelector(".kb-ask__input");
  var out = form.parentNode.querySelector(".kb-ask__result");
  var api = form.getAttribute("data-api").replace(/\/$/, "");
  var support = form.getAttribute("data-support");
  var root = api.replace(/\/api$/, "");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function href(url) {
    // API URLs are site-absolute ("/a/b/#c") or absolute; keep them working under a sub-path.
    if (/^[a-z]+:/i.test(url)) return url;
    return root + url;
  }

  function marked(html) {
    // Parse in an inert template, then rebuild from text and <mark> only.
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var span = el("span", "kb-ask__snippet");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") span.appendChild(el("mark", "", node.textContent));
      else span.appendChild(document.createTextNode(node.textContent));
    });
    return span;
  }

  function resultList(results) {
    var list = el("ul", "kb-ask__results");
    results.forEach(function (r) {
      var item = el("li");
      var link = el("a", "", r.heading ? r.title + " › " + r.heading : r.title);
      link.href = href(r.url);
      item.appendChild(link);
      if (r.snippet) item.appendChild(marked(r.snippet));
      list.appendChild(item);
    });
    return list;
  }

  function didYouMean(suggestion) {
    // "Did you mean: …": asks the corrected question when clicked (text only, never markup).
    var row = el("p", "kb-ask__did-you-mean", "Did you mean: ");
    var again = el("a", "kb-ask__did-you-mean-link", suggestion);
    again.href = shareUrl(suggestion);
    again.addEventListener("click", function (event) {
      event.preventDefault();
      input.value = suggestion;
      ask(suggestion);
    });
    row.appendChild(again);
    return row;
  }

  function show(data) {
    out.textContent = "";
    if (data.suggestion) out.appendChild(didYouMean(data.suggestion));
    if (data.answer && data.source) {
      out.appendChild(el("p", "kb-ask__answer", data.answer));
      var source = el("p", "kb-ask__source");
      var link = el("a", "kb-ask__source-link",
        data.source.heading ? data.source.title + " › " + data.source.heading : data.source.title);
      link.href = href(data.source.url);
      source.appendChild(document.createTextNode("Source: "));
      source.appendChild(link);
      out.appendChild(source);
      if (window.kbFeedback) out.appendChild(window.kbFeedback.widget({ query: data.query, answer_url: data.source.url }));
      var more = data.results.filter(function (r) { return r.url.split("#")[0] + r.heading !== data.source.url.split("#")[0] + data.source.heading; });
      if (more.length) {
        out.appendChild(el("p", "", "Related:"));
        out.appendChild(resultList(more.slice(0, 4)));
      }
    } else {
      out.appendChild(el("p", "kb-ask__none", "No exact answer"));
      if (data.results && data.results.length) {
        out.appendChild(el("p", "", "These articles may help:"));
        out.appendChild(resultList(data.results.slice(0, 5)));
      } else {
        out.appendChild(el("p", "", "We could not find anything about that."));
      }
      if (support) {
        var contact = el("a", "kb-ask__support", "Contact support");
        contact.href = support;
        out.appendChild(contact);
      }
    }
    out.appendChild(shareButton(data.query));
    out.hidden = false;
  }

  function shareUrl(q) {
    return location.origin + location.pathname + "?q=" + encodeURIComponent(q);
  }

  function shareButton(q) {
    var button = el("button", "kb-ask__share md-button", "Copy link to this answer");
    button.type = "button";
    var status = el("span", "kb-ask__copied");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var url = shareUrl(q);
      var done = function () { status.textContent = "Link copied"; };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, function () { status.textContent = url; });
      else status.textContent = url;  // no clipboard here: show it to copy by hand
    });
    var row = el("p", "kb-ask__share-row");
    row.appendChild(button);
    row.appendChild(status);
    return row;
  }

  function fail(message) {
    out.textContent = "";
    out.appendChild(el("p", "kb-ask__none", message));
    out.hidden = false;
  }

  function ask(q) {
    closeList();
    out.hidden = false;
    out.textContent = "Searching…";
    fetch(api + "/answer?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (r) {
        if (r.ok) show(r.body);
        else fail((r.body && r.body.error && r.body.error.message) || "Search is unavailable right now.");
      })
      .catch(function () { fail("Search is unavailable right now. Please try again."); });
  }

  // --- search as you type: the ARIA combobox pattern (input + listbox) ---------------------
  var list = el("ul", "kb-ask__suggestions");
  list.id = "kb-ask-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested articles");
  list.hidden = true;
  input.parentNode.parentNode.insertBefore(list, input.parentNode.nextSibling);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  var options = [];
  var active = -1;
  var timer = 0;
  var pending = null;
  var asked = 0;

  function closeList() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    setActive(-1);
    input.setAttribute("aria-expanded", "false");
  }

  function setActive(index) {
    options.forEach(function (o, i) { o.node.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].node.id);
    else input.removeAttribute("aria-activedescendant");
  }

  function showSuggestions(items) {
    list.textContent = "";
    options = items.map(function (s, i) {
      var node = el("li", "kb-ask__suggestion");
      node.id = "kb-ask-option-" + i;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      node.appendChild(el("span", "kb-ask__suggestion-title", s.title));
      if (s.heading) node.appendChild(el("span", "kb-ask__suggestion-heading", " › " + s.heading));
      node.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
      list.appendChild(node);
      return { node: node, url: s.url };
    });
    active = -1;
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
  }

  function go(index) {
    var url = options[index].url;
    closeList();
    location.href = href(url);
  }

  function suggest() {
    var q = input.value;
    if (!q.trim()) { closeList(); return; }
    var ticket = ++asked;
    if (pending && pending.abort) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch(api + "/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, signal: pending && pending.signal })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (body) { if (ticket === asked) showSuggestions(body.suggestions || []); })
      .catch(function () { /* typing on: a failed suggestion is just no suggestion */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActive((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape") {
      event.preventDefault();  // a search field clears itself on Escape: first just close the list
      if (open) closeList();
      else { input.value = ""; out.hidden = true; }
    }
  });

  input.addEventListener("blur", function () { setTimeout(closeList, 150); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (q) ask(q);
  });

  // A shared answer: /any/page/?q=question opens with the question asked.
  var shared = new URLSearchParams(location.search).get("q");
  if (shared && shared.trim()) {
    input.value = shared.trim().slice(0, 500);
    ask(input.value);
  }
})();
