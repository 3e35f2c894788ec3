/* Maatwerk: visible save states around htmx autosave.
 *
 * The server answers a saved field with its status line (200), a conflict (409) or a
 * validation message (422); htmx swaps those in (see htmx-config in base.html). This file only
 * covers what the server cannot say: "Opslaan…" while a request runs, "Niet opgeslagen" when a
 * request fails or the connection drops, and a warning before leaving a page with unsaved
 * text. No inline script anywhere, so the Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  /* Styles that only make sense with this script (see app.css: .js). */
  document.documentElement.classList.add("js");

  var pending = new Set();

  /* A text longer than its limit is never cut: the server refuses it with a message, and
     this says how long it is while you shorten it. */
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("textarea[data-maxlength]")) { return; }
    var limit = parseInt(area.getAttribute("data-maxlength"), 10);
    var counter = area.parentNode.querySelector(".length-counter");
    if (area.value.length <= limit) {
      if (counter) { counter.remove(); }
      return;
    }
    if (!counter) {
      counter = document.createElement("p");
      counter.className = "length-counter error-message";
      counter.setAttribute("aria-live", "polite");
      area.insertAdjacentElement("afterend", counter);
    }
    counter.textContent = "Te lang: " + area.value.length + " van de " + limit +
      " tekens. Maak je tekst korter; er is niets afgeknipt.";
  });

  /* The status line a save reports to: the request's target as htmx resolved it (also when
     the field inherits hx-target, as on Afwegen), when that is a status line. */
  function statusFor(detail) {
    var target = detail && detail.target;
    return target && target.classList && target.classList.contains("save-status") ? target : null;
  }

  function show(detail, state, text) {
    var status = statusFor(detail);
    if (!status) { return; }
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!statusFor(event.detail)) { return; }
    pending.add(elt);
    show(event.detail, "saving", "Opslaan…");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    if (event.detail.successful || (xhr && (xhr.status === 409 || xhr.status === 422))) {
      pending.delete(elt);
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = (xhr.getResponseHeader("Content-Type") || "");
    var text = (type.indexOf("text/plain") === 0 && xhr.responseText.length < 300)
      ? xhr.responseText
      : "Niet opgeslagen: er ging iets mis (" + xhr.status + "). Je tekst staat nog in het veld; probeer het zo opnieuw.";
    show(event.detail, "error", text);
  });

  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail, "error",
      "Niet opgeslagen: geen verbinding. Je tekst staat nog in het veld; het wordt opnieuw geprobeerd zodra je verder typt.");
  });

  window.addEventListener("beforeunload", function (event) {
    var unsaved = Array.prototype.some.call(
      document.querySelectorAll(".save-status[data-state='error'], .save-status[data-state='saving']"),
      function () { return true; }
    );
    if (unsaved || pending.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* "De verantwoording wordt gemaakt": once the PDF is there (swapped in by the page's own
     polling), its download starts; a page loaded as ready waits for the button. */
  document.addEventListener("htmx:load", function (event) {
    var ready = event.target;
    if (ready.id === "pdf-status" && ready.dataset.download) {
      window.location.assign(ready.dataset.download);
    }
  });

  /* Text typed (or a choice made) before htmx was ready would otherwise never be saved: once
     htmx has bound its triggers, every autosaving field that differs from what the page was
     served with posts itself. */
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body || !window.htmx) { return; }
    document.querySelectorAll("input[hx-post], textarea[hx-post], select[hx-post]").forEach(
      function (field) {
        var dirty;
        if (field.tagName === "SELECT") {
          var served = Array.prototype.findIndex.call(field.options, function (option) {
            return option.defaultSelected;
          });
          dirty = field.selectedIndex !== Math.max(served, field.multiple ? -1 : 0);
        } else if (field.type === "checkbox" || field.type === "radio") {
          dirty = field.checked !== field.defaultChecked;
        } else {
          dirty = field.value !== field.defaultValue;
        }
        if (dirty) { window.htmx.trigger(field, "change"); }
      });
    document.querySelectorAll("fieldset[hx-post] input[type='radio']").forEach(function (radio) {
      if (radio.checked !== radio.defaultChecked && radio.checked) {
        window.htmx.trigger(radio.closest("fieldset"), "change");
      }
    });
  });

  /* "Opmerking bij …" is a plain link to the comment page; with this script its form opens
     in place, in the link's slot (one listener instead of htmx attributes on every link). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.comment-link");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    window.htmx.ajax("GET", link.href, {target: link.closest(".comment-slot"), swap: "innerHTML"});
  });

  /* Marked signals and weighed arguments get a visual frame without a round trip. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches(".signal input[type='checkbox']")) {
      var signal = input.closest(".signal");
      signal.classList.toggle("is-marked", input.checked);
      var note = signal.querySelector("details.signal-note");
      if (note && input.checked) { note.open = true; }  /* marked: say what you saw */
    }
    if (input.matches && input.matches(".argument input[type='radio']")) {
      var argument = input.closest(".argument");
      argument.classList.toggle("is-weighed", input.value !== "nvt" && input.value !== "");
      argument.classList.toggle("has-weight", input.value !== "");
    }
  });
}());
