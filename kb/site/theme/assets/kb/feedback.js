// kb "Was this helpful?": Yes/No at the end of every article and under every Ask-box answer,
// then an optional comment. No cookie: a random vote id lets the comment update the same vote.
// Everything is inserted as text (textContent, value), never as HTML.
(function () {
  "use strict";
  var form = document.querySelector(".kb-ask__form");
  var api = ((form && form.getAttribute("data-api")) || "/api").replace(/\/$/, "");
  var MAX_COMMENT = 1000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function voteId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function send(payload) {
    return fetch(api + "/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.ok) return;
      return response.json().catch(function () { return {}; }).then(function (body) {
        throw new Error((body && body.error && body.error.message) || "Your feedback could not be sent.");
      });
    }, function () { throw new Error("Your feedback could not be sent. Please try again later."); });
  }

  // target: {page: "a/b.md"} or {query: "...", answer_url: "/a/b/#c"}
  function widget(target) {
    var id = voteId();
    var box = el("div", "kb-feedback");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Feedback");
    var row = el("div", "kb-feedback__row");
    row.appendChild(el("span", "kb-feedback__question", "Was this helpful?"));
    var yes = el("button", "kb-feedback__vote kb-feedback__yes md-button", "Yes");
    var no = el("button", "kb-feedback__vote kb-feedback__no md-button", "No");
    var status = el("p", "kb-feedback__status");
    status.setAttribute("role", "status");
    var helpful = null;

    function payload(extra) {
      var body = { helpful: helpful, vote_id: id };
      Object.keys(target).forEach(function (k) { body[k] = target[k]; });
      Object.keys(extra || {}).forEach(function (k) { body[k] = extra[k]; });
      return body;
    }

    function commentForm() {
      var existing = box.querySelector(".kb-feedback__form");
      if (existing) {
        existing.querySelector(".kb-feedback__label").textContent = helpful ? "Anything to add? (optional)" : "What was missing? (optional)";
        return;
      }
      var f = el("form", "kb-feedback__form");
      var label = el("label", "kb-feedback__label", helpful ? "Anything to add? (optional)" : "What was missing? (optional)");
      var field = el("textarea", "kb-feedback__comment");
      field.id = "kb-feedback-" + id;
      label.htmlFor = field.id;
      field.maxLength = MAX_COMMENT;
      field.rows = 3;
      field.placeholder = "For example: the steps do not say where to find the token";
      var submit = el("button", "kb-feedback__send md-button", "Send");
      submit.type = "submit";
      f.appendChild(label);
      f.appendChild(field);
      f.appendChild(el("p", "kb-feedback__hint", "Please leave out personal details."));
      f.appendChild(submit);
      f.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = field.value.trim();
        if (!text) { field.focus(); return; }
        submit.disabled = true;
        send(payload({ comment: text })).then(function () {
          f.remove();
          status.textContent = "Thanks, your comment was sent.";
        }, function (error) {
          submit.disabled = false;
          status.textContent = error.message;
        });
      });
      box.appendChild(f);
    }

    function vote(value) {
      helpful = value;
      yes.setAttribute("aria-pressed", String(value));
      no.setAttribute("aria-pressed", String(!value));
      status.textContent = "Sending…";
      send(payload()).then(function () {
        status.textContent = "Thanks for your feedback.";
        commentForm();
      }, function (error) { status.textContent = error.message; });
    }

    [yes, no].forEach(function (button) {
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { vote(button === yes); });
      row.appendChild(button);
    });
    box.appendChild(row);
    box.appendChild(status);
    return box;
  }

  window.kbFeedback = { widget: widget };
  document.querySelectorAll(".kb-feedback-slot[data-page]").forEach(function (slot) {
    slot.appendChild(widget({ page: slot.getAttribute("data-page") }));
  });
})();
