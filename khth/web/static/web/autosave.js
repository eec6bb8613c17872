// Drafts save themselves on the server.
//
// A form with data-autosave="<url>" posts its fields there every data-autosave-seconds (45 by
// default) while they differ from what the server last took, and once more when the page is
// hidden (another tab, a closed window). The url calls the same save action as the form's own
// «Lưu», with the revision the form carries (khth/web/autosave.py answers):
//   200 {"saved_at": "HH:MM", "revision": N}  the form's hidden revision field takes N;
//   400 {"problems": [...]}                    nothing stored; said, and tried again on a change;
//   409 {"detail": "..."}                      someone else saved (or it can no longer be edited):
//                                              said, and no more saving; keep.js keeps the text.
// The buttons are never sent, so a draft is never submitted, approved or finished. After a save
// that left the form as it is now, the form gets a "khth:saved" event: keep.js takes the form as
// its new starting point (no question when leaving, no copy to offer back).
// The [data-autosave-status] element in the form says how it went, in its own (translated) words.
(function () {
  "use strict";
  var REVISION = "input[type=hidden][name$=revision], input[type=hidden][name$=version]";
  var CONFLICT = 409, UNREADABLE = 400, FORBIDDEN = 403, NOT_FOUND = 404;
  // A keepalive request (the only kind that outlives the page) may carry at most 64 KiB.
  var KEEPALIVE_LIMIT = 60000;

  function contentOf(form, revision) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string") return; // a file is never part of a draft
      if (name === "csrfmiddlewaretoken" || name === revision.name) return;
      params.append(name, value);
    });
    return params.toString();
  }

  function watch(form) {
    var url = form.getAttribute("data-autosave");
    var revision = form.querySelector(REVISION);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var status = form.querySelector("[data-autosave-status]");
    if (!url || !revision || !token) return;
    var taken = contentOf(form, revision); // what the server holds, or last refused to read
    var pending = null, stopped = false, submitting = false, tried = Date.now();

    function seconds() {
      var value = parseInt(form.getAttribute("data-autosave-seconds"), 10);
      return value > 0 ? value : 45;
    }
    function words(name) {
      return (status && status.getAttribute(name)) || "";
    }
    function say(text) {
      if (status) status.textContent = text;
    }
    function notSaved(reason) {
      say(words("data-not-saved").replace("%(reason)s", reason));
    }
    function unreachable() {
      notSaved(words("data-unreachable"));
    }
    function settle(response, answer, sent) {
      if (response.ok && answer && answer.revision !== undefined) {
        revision.value = String(answer.revision);
        taken = sent;
        say(words("data-saved").replace("%(time)s", answer.saved_at));
        if (contentOf(form, revision) === sent) {
          form.dispatchEvent(new CustomEvent("khth:saved", { detail: { revision: answer.revision } }));
        }
      } else if (response.status === UNREADABLE && answer && answer.problems) {
        taken = sent;
        notSaved(answer.problems.join("; "));
      } else if (response.status === CONFLICT && answer && answer.detail) {
        stopped = true;
        say(answer.detail);
      } else {
        // Logged out, a stale token or no network: the next round tries again, except where
        // the answer will not change (no longer allowed, gone).
        stopped = response.status === FORBIDDEN || response.status === NOT_FOUND;
        unreachable();
      }
    }
    function save(leaving) {
      if (pending || stopped || submitting) return pending;
      var sent = contentOf(form, revision);
      if (sent === taken) return null;
      var body = new URLSearchParams(sent);
      body.append(revision.name, revision.value);
      body.append("csrfmiddlewaretoken", token.value);
      var text = body.toString();
      pending = fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual", // the login page is not an answer
        keepalive: leaving && text.length < KEEPALIVE_LIMIT,
        headers: { "X-CSRFToken": token.value, "Accept": "application/json" },
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (answer) {
          settle(response, answer, sent);
        });
      }).catch(unreachable).then(function () { pending = null; });
      return pending;
    }

    // Checked every second, so that a changed data-autosave-seconds takes effect at once.
    setInterval(function () {
      if (Date.now() - tried < seconds() * 1000) return;
      tried = Date.now();
      save(false);
    }, 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    form.addEventListener("submit", function (event) {
      if (pending) {
        // The save under way will move the revision on: send the form once it has, or the
        // user's own «Lưu» would be refused as made on an older revision.
        event.preventDefault();
        var button = event.submitter;
        pending.then(function () {
          if (button) form.requestSubmit(button); else form.requestSubmit();
        });
        return;
      }
      submitting = true;
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(watch);
})();
