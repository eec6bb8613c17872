// The unit list (units/list.html) opens a unit's subordinates in place. Each "▸" link leads
// to the page rooted at that unit (?root=CODE), which is what happens without this file; with
// it, the link fetches the rows of the unit's direct subordinates (data-children, the
// unit-children fragment) and puts them under the unit's row. Clicked again, it closes them
// and everything opened below them.
(function () {
  "use strict";

  function rowsUnder(table, code) {
    return Array.prototype.filter.call(table.querySelectorAll("tr[data-parent]"), function (row) {
      return row.getAttribute("data-parent") === code;
    });
  }

  function close(table, code) {
    rowsUnder(table, code).forEach(function (row) {
      var below = row.getAttribute("data-unit");
      if (below) {
        close(table, below);
      }
      row.remove();
    });
  }

  function open(link, row) {
    link.setAttribute("aria-busy", "true");
    return fetch(link.getAttribute("data-children"), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        // Redirected: to the login page, when the session has ended.
        if (!response.ok || response.redirected) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var rows = document.createElement("template");
        rows.innerHTML = html;
        row.after(rows.content);
        link.setAttribute("aria-expanded", "true");
        link.textContent = "▾";
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-children]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    var row = link.closest("tr");
    var table = link.closest("table");
    if (!row || !table) {
      return;
    }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") {
      return;
    }
    if (link.getAttribute("aria-expanded") === "true") {
      close(table, row.getAttribute("data-unit"));
      link.setAttribute("aria-expanded", "false");
      link.textContent = "▸";
      return;
    }
    open(link, row)
      .catch(function () {
        // The session ended, the server is busy: the page rooted at the unit says why.
        window.location.href = link.href;
      })
      .finally(function () {
        link.removeAttribute("aria-busy");
      });
  });
})();
