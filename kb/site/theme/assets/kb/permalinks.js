/* kb permalinks: old #anchors land on renamed sections; a "copy link" button on each section heading. */
(function () {
  "use strict";
  var data = document.getElementById("kb-anchor-redirects"), map = {};
  try { map = data ? JSON.parse(data.textContent) : {}; } catch (e) { map = {}; }

  function follow() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id || document.getElementById(id) || !Object.prototype.hasOwnProperty.call(map, id)) return;
    if (document.getElementById(map[id])) location.replace("#" + encodeURIComponent(map[id]));
  }
  follow();
  window.addEventListener("hashchange", follow);

  var status = document.createElement("span");
  status.className = "kb-copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(button, url) {
    var write = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(url).catch(function () { return fallback(url); })
      : fallback(url);
    write.then(function () {
      button.textContent = "copied";
      status.textContent = "Link copied: " + url;
    }, function () {
      status.textContent = "Could not copy. The link is " + url;
    });
    setTimeout(function () { button.textContent = "copy link"; }, 2000);
  }

  var headings = document.querySelectorAll(
    ".md-content .md-typeset h2[id], .md-content .md-typeset h3[id], .md-content .md-typeset h4[id], .md-content .md-typeset h5[id], .md-content .md-typeset h6[id]"
  );
  Array.prototype.forEach.call(headings, function (heading) {
    var name = heading.textContent.replace(/\u00b6/g, "").trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-copy-link";
    button.textContent = "copy link";
    button.setAttribute("aria-label", "copy link to the section " + name);
    button.addEventListener("click", function () {
      copy(button, location.href.split("#")[0] + "#" + encodeURIComponent(heading.id));
    });
    heading.appendChild(button);
  });
})();
