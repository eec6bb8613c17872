// Behaviour every page shares, here rather than in the markup: the Content-Security-Policy
// (khth/web/csp.py) runs no inline script and no event-handler attribute.
(function () {
  "use strict";
  // On a narrow screen the menu folds behind one button (khth.css); without this script it
  // simply stays open.
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
    if (!toggle) return;
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.closest("header").classList.toggle("menu-open", open);
  });
  // A filter or language list that applies as soon as a choice is made.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.requestSubmit();
    }
  });
})();
