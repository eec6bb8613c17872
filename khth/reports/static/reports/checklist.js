// The completeness checklist of a report (reports/_completeness.html). Each item links to the
// field it is about; following the link also puts the cursor in that field, so the user can type
// at once. After each live check (htmx swaps the checklist), a figure the server refuses ("hai"
// in a number field) is named beside its own input, and the message clears once it is fixed.
// The page works without this file: the links still jump, the server still names the figure.
(function () {
  "use strict";

  function focusable(target) {
    return target.querySelector(".area[contenteditable], input:not([type=hidden]), select, textarea");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("#completeness a[href^='#']") : null;
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var field = focusable(target);
    if (!field) {
      return;
    }
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    if (history.replaceState) {
      history.replaceState(null, "", link.getAttribute("href"));
    }
  });

  // Only the figures refused or out of bounds speak at the field; a missing one stays calm.
  var AT_FIELD = ["refused", "out_of_bounds", "not_whole"];

  function markFields() {
    var checklist = document.getElementById("completeness");
    if (!checklist) {
      return;
    }
    var messages = {};
    checklist.querySelectorAll("li[data-anchor]").forEach(function (item) {
      if (AT_FIELD.indexOf(item.getAttribute("data-kind")) >= 0) {
        messages[item.getAttribute("data-anchor")] = item.textContent.trim();
      }
    });
    document.querySelectorAll("[data-field-error]").forEach(function (slot) {
      var anchor = slot.getAttribute("data-field-error");
      var text = messages[anchor] || "";
      slot.textContent = text;
      var row = document.getElementById(anchor);
      var input = row ? focusable(row) : null;
      if (input) {
        if (text) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
    });
  }

  document.body.addEventListener("htmx:afterSwap", markFields);
})();
