// The report narrative editor: a contenteditable area per section, kept in step with a hidden
// textarea that the form posts. The server sanitises whatever arrives; this only offers the
// allowed formatting (bold, italic, lists, tables). No outside code, no network.
(function () {
  "use strict";
  function sync(editor) {
    var area = editor.querySelector(".area");
    var field = editor.querySelector("textarea");
    field.value = area.innerHTML;
  }
  function tableHtml() {
    return "<table><tbody><tr><td>&nbsp;</td><td>&nbsp;</td></tr><tr><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p></p>";
  }
  document.querySelectorAll("[data-editor]").forEach(function (editor) {
    var area = editor.querySelector(".area");
    area.addEventListener("input", function () { sync(editor); });
    editor.querySelectorAll("[data-cmd]").forEach(function (button) {
      button.addEventListener("click", function () {
        area.focus();
        var cmd = button.getAttribute("data-cmd");
        if (cmd === "table") {
          document.execCommand("insertHTML", false, tableHtml());
        } else {
          document.execCommand(cmd, false, null);
        }
        sync(editor);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("[data-editor]").forEach(sync);
    });
  });
})();
