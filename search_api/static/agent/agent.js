// kb agent UI: the editor's live preview. The server renders and sanitises the Markdown
// (the same extensions and sanitiser as the site); this only sends the fields and shows the result.
(function () {
  "use strict";
  var form = document.getElementById("kb-editor");
  var pane = document.getElementById("kb-preview");
  if (!form || !pane) return;
  var url = form.getAttribute("data-preview");
  var fields = ["title", "summary", "body"];
  var timer = null;
  var sent = 0;

  function refresh() {
    var data = new URLSearchParams();
    data.append("csrf", form.elements.csrf.value);
    fields.forEach(function (name) { data.append(name, form.elements[name].value); });
    var mine = ++sent;
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== sent) return; // a newer preview is on its way
        pane.innerHTML = html; // sanitised on the server (kb.site.sanitize.sanitize_html)
        pane.removeAttribute("data-stale");
      })
      .catch(function () { pane.setAttribute("data-stale", "true"); });
  }

  fields.forEach(function (name) {
    form.elements[name].addEventListener("input", function () {
      pane.setAttribute("data-stale", "true");
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
  });
})();
