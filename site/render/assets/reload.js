// Development only: reload the page when the portal is rebuilt, and show
// why a rebuild failed until the next one succeeds.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/_dunban/events");
  es.addEventListener("reload", function () { location.reload(); });
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
