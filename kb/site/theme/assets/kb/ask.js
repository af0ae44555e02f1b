// kb Ask box: ask the answer API, show one sentence with its source, then the top results.
// Everything from the API is inserted as text; snippets keep only their <mark> highlights.
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

  function show(data) {
    out.textContent = "";
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
    out.hidden = false;
  }

  function fail(message) {
    out.textContent = "";
    out.appendChild(el("p", "kb-ask__none", message));
    out.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) return;
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
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; out.hidden = true; }
  });
})();
