// ila serve: reloads the page after each rebuild and opens the error page when a build fails.
// Injected only by `ila serve`; never part of a built site.
(function () {
  "use strict";
  var errorPage = "/__ila/galat";
  var onErrorPage = location.pathname === errorPage;

  function back() {
    var to = new URLSearchParams(location.search).get("dari") || "/";
    // Same-origin paths only.
    if (to.charAt(0) !== "/" || to.charAt(1) === "/" || to.charAt(1) === "\\") {
      to = "/";
    }
    location.replace(to);
  }

  function showErrors() {
    if (onErrorPage) {
      location.reload();
    } else {
      location.assign(errorPage + "?dari=" +
        encodeURIComponent(location.pathname + location.search + location.hash));
    }
  }

  var events = new EventSource("/__ila/reload");
  // The first event states where the last build stands: `ok` or `galat`.
  events.addEventListener("siap", function (e) {
    if (e.data === "galat" && !onErrorPage) {
      showErrors();
    } else if (e.data === "ok" && onErrorPage) {
      back();
    }
  });
  events.addEventListener("reload", function () {
    if (onErrorPage) {
      back();
    } else {
      location.reload();
    }
  });
  events.addEventListener("galat", showErrors);
})();
