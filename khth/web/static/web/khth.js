// Behaviour every page shares, here rather than in the markup: the Content-Security-Policy
// (khth/web/csp.py) runs no inline script and no event-handler attribute.
(function () {
  "use strict";
  // A filter or language list that applies as soon as a choice is made.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.requestSubmit();
    }
  });
})();
