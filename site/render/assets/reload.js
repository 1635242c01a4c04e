// Development only: show the new page when the portal is rebuilt, and show
// why a rebuild failed until the next one succeeds.
(function () {
  if (!window.EventSource) return;
  // The build this page shows: the server reloads the page at once if
  // another build was served before this stream connected. The page's
  // address lets the server send its new HTML with the reload event.
  var s = document.currentScript, m = s && /[?&]build=([0-9]+)/.exec(s.src);
  var es = new EventSource("/_dunban/events?page=" + encodeURIComponent(location.pathname) +
    (m ? "&build=" + m[1] : ""));
  var latest = 0;
  es.addEventListener("reload", function (e) {
    var n = ++latest;
    if (!window.fetch || !window.DOMParser || scripts(document).length) { location.reload(); return; }
    // The event's data: the build, then the page's new HTML when the
    // server has it; else one request fetches it.
    var nl = e.data.indexOf("\n");
    if (nl >= 0) { show(e.data.slice(nl + 1)); return; }
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      if (n === latest) show(html); // else a newer build is on its way
    }).catch(function () { location.reload(); });
  });
  // show puts the new page's body in place of this one when it loads the
  // same styles and no script (else the page is reloaded). Only the parts
  // of the body that changed are replaced: the rest keeps its layout.
  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    if (scripts(doc).length || styles(doc) !== styles(document)) { location.reload(); return; }
    document.title = doc.title;
    var now = document.body, next = doc.body, a = now.children, b = next.children, i;
    if (a.length !== b.length || !sameAttributes(now, next)) {
      now.replaceWith(document.adoptNode(next));
      return;
    }
    for (i = b.length - 1; i >= 0; i--) { // from the end: b loses each node moved out
      if (!a[i].isEqualNode(b[i])) a[i].replaceWith(document.adoptNode(b[i]));
    }
  }
  function sameAttributes(x, y) {
    if (x.attributes.length !== y.attributes.length) return false;
    for (var i = 0; i < x.attributes.length; i++) {
      if (y.getAttribute(x.attributes[i].name) !== x.attributes[i].value) return false;
    }
    return true;
  }
  // The page's scripts other than this one.
  function scripts(doc) {
    return [].filter.call(doc.querySelectorAll("script"), function (x) { return !/\/_dunban\/reload\.js/.test(x.src); });
  }
  function styles(doc) {
    return [].map.call(doc.querySelectorAll('link[rel="stylesheet"], style'), function (x) { return x.outerHTML; }).join("\n");
  }
  es.addEventListener("problems", function (e) {
    var box = document.getElementById("dunban-problems");
    if (!box) {
      box = document.createElement("pre");
      box.id = "dunban-problems";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.margin = "0";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.padding = "12px"; s.zIndex = "1000";
      s.background = "#fff3f3"; s.color = "#8e1515"; s.borderTop = "3px solid #b71c1c";
      s.whiteSpace = "pre-wrap"; s.font = "14px/1.5 monospace";
      document.body.appendChild(box);
    }
    box.textContent = "构建失败，显示的是上一次成功的版本：\n" + e.data;
  });
})();
