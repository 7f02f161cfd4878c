// connectd console: live refresh and small conveniences. No framework.
//
// A page marked <body data-live> listens to the console's contact event
// stream (/console/events, this session's account and region). On an
// event it fetches the page again and swaps in every element marked
// data-live (matched by id), so forms the user is typing in stay put.
(function () {
  "use strict";
  var body = document.body;
  if (body.dataset.live !== undefined && window.EventSource) {
    var pending = null;
    var status = document.getElementById("live-status");
    var refresh = function () {
      pending = null;
      fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live]").forEach(function (el) {
            var fresh = el.id && doc.getElementById(el.id);
            if (fresh) { el.replaceWith(fresh); }
          });
          body.dataset.refreshed = String(Number(body.dataset.refreshed || 0) + 1);
        })
        .catch(function () { /* the next event tries again */ });
    };
    var onEvent = function () {
      if (!pending) { pending = setTimeout(refresh, 150); }
    };
    var es = null;
    var connect = function () {
      es = new EventSource(body.dataset.events);
      (body.dataset.eventTypes || "").split(" ").forEach(function (t) {
        if (t) { es.addEventListener(t, onEvent); }
      });
      es.addEventListener("message", onEvent);
      es.addEventListener("open", function () {
        body.dataset.stream = "open";
        if (status) { status.textContent = "live"; }
      });
      es.addEventListener("error", function () {
        if (status) { status.textContent = "reconnecting…"; }
      });
    };
    connect();
    // A page kept in the back-forward cache must not hold its stream open:
    // the browser's few connections per host would run out.
    window.addEventListener("pagehide", function () {
      if (es) { es.close(); es = null; }
    });
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && !es) { connect(); refresh(); }
    });
  }
})();
