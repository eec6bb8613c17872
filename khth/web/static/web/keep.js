// Typed work is never lost to an expired session, a stale page or a closed tab.
//
// Every form that holds writing (a textarea, a rich-text area, or data-keep-typed) keeps a copy
// of its fields in this browser's localStorage as the user types and when it is sent. Opened
// again — after logging in anew, after the "page is out of date" answer, the next morning — the
// page offers to put the copy back if it differs from what the server holds. A copy that was sent
// and has since been saved (the form's revision moved on) is dropped without asking. Leaving a
// page with changes not yet sent asks first. A "khth:saved" event on the form (autosave.js: the
// server now holds the form as it is) makes the form as it is the new starting point.
(function () {
  "use strict";
  var strings = document.getElementById("keep-typed-strings");
  if (!strings || !window.localStorage) return;
  var PREFIX = "khth.typed:";
  var SKIP = { hidden: 1, password: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function keptForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") return false;
      if (form.getAttribute("data-keep-typed") === "off") return false;
      return form.hasAttribute("data-keep-typed") ||
        form.querySelector("textarea, [contenteditable=true]") !== null;
    });
  }
  function keyOf(form, index) {
    return PREFIX + location.pathname + "#" + (form.id || form.getAttribute("action") || index);
  }
  function revisionOf(form) {
    var field = form.querySelector(
      "input[type=hidden][name$=revision], input[type=hidden][name$=version]");
    return field ? field.value : null;
  }
  function fieldsOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if (el.tagName === "INPUT" && SKIP[el.type]) return;
      if (el.tagName === "BUTTON" || el.tagName === "FIELDSET") return;
      var value = (el.type === "checkbox" || el.type === "radio") ? (el.checked ? el.value : null) : el.value;
      (values[el.name] = values[el.name] || []).push(value);
    });
    return values;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, copy) {
    try { localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* full or refused */ }
  }
  function drop(key) {
    try { localStorage.removeItem(key); } catch (e) { /* refused */ }
  }
  function syncEditors(form) {
    // The rich-text areas post through hidden textareas (editor.js); make sure they agree.
    form.querySelectorAll("[data-editor]").forEach(function (editor) {
      var area = editor.querySelector(".area"), field = editor.querySelector("textarea");
      if (area && field) field.value = area.innerHTML;
    });
  }
  function restore(form, fields) {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in fields) || el.name === "csrfmiddlewaretoken") return;
      if (el.tagName === "INPUT" && SKIP[el.type]) return;
      var i = seen[el.name] = (seen[el.name] || 0) + 1;
      var value = fields[el.name][i - 1];
      if (value === undefined) return;
      if (el.type === "checkbox" || el.type === "radio") { el.checked = value === el.value; return; }
      el.value = value === null ? "" : value;
      var editor = el.closest("[data-editor]");
      if (editor && el.tagName === "TEXTAREA") editor.querySelector(".area").innerHTML = el.value;
    });
    var first = form.querySelector("input, textarea, select");
    if (first) first.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function when(time) {
    var d = new Date(time), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + " " + pad(d.getDate()) + "/" +
      pad(d.getMonth() + 1) + "/" + d.getFullYear();
  }
  function offer(form, key, copy) {
    var box = document.createElement("div");
    box.className = "card keep-typed";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "keep-typed");
    var text = document.createElement("p");
    text.textContent = strings.getAttribute("data-found").replace("%(when)s", when(copy.at));
    var actions = document.createElement("div");
    actions.className = "actions";
    var put = document.createElement("button");
    put.type = "button";
    put.textContent = strings.getAttribute("data-restore");
    var forget = document.createElement("button");
    forget.type = "button";
    forget.className = "button secondary";
    forget.textContent = strings.getAttribute("data-forget");
    put.addEventListener("click", function () {
      restore(form, copy.fields);
      box.remove();
    });
    forget.addEventListener("click", function () { drop(key); box.remove(); });
    actions.append(put, forget);
    box.append(text, actions);
    form.parentNode.insertBefore(box, form);
  }

  // Logging out on a shared computer takes the kept copies along: the next person must not see them.
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("data-forget-typed")) return;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var name = localStorage.key(i);
      if (name && name.indexOf(PREFIX) === 0) drop(name);
    }
  });

  keptForms().forEach(function (form, index) {
    var key = keyOf(form, index);
    syncEditors(form);
    var loaded = fieldsOf(form), base = revisionOf(form), sending = false, timer = null;
    var copy = read(key);
    if (copy && (same(copy.fields, loaded) || (copy.sent && copy.base !== base))) {
      drop(key);
    } else if (copy) {
      offer(form, key, copy);
    }
    function keep(sent) {
      syncEditors(form);
      var fields = fieldsOf(form);
      if (same(fields, loaded) && !sent) { drop(key); return; }
      write(key, { at: Date.now(), base: base, sent: sent, fields: fields });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { keep(false); }, 500);
    });
    form.addEventListener("change", function () { keep(false); });
    form.addEventListener("submit", function () { sending = true; clearTimeout(timer); keep(true); });
    // autosave.js stored the form as it is now (its revision field already moved on): that is
    // what the server holds, so it is the new starting point and the copy has done its work.
    form.addEventListener("khth:saved", function () {
      clearTimeout(timer);
      syncEditors(form);
      loaded = fieldsOf(form);
      base = revisionOf(form);
      drop(key);
    });
    window.addEventListener("beforeunload", function (event) {
      if (sending) return;
      syncEditors(form);
      if (!same(fieldsOf(form), loaded)) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
