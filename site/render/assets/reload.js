// Development only: reload the page when the portal is rebuilt.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/_dunban/events");
  es.addEventListener("reload", function () { location.reload(); });
})();
