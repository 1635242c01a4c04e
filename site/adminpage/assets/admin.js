/* dunban admin page: the board of the admin's scope (HTML with SVG charts
   drawn by the admin API), inserted in the page, and the bundle download
   through a presigned URL. Without this script both buttons post the form.
   The token stays in the page (never stored); it goes only in the
   Authorization header. */
(function () {
  "use strict";
  var root = document.getElementById("admin");
  if (!root || !window.fetch) { return; }
  var api = root.getAttribute("data-api") || "";
  var $ = function (id) { return document.getElementById(id); };
  var form = $("admin-form"), token = $("admin-token"), status = $("admin-status");
  var load = $("admin-load"), build = $("admin-build");
  var scope = $("admin-scope"), year = $("admin-year"), boardBox = $("admin-board");

  function say(msg, isError) {
    status.textContent = msg;
    status.className = "da-status" + (isError ? " da-error" : "");
  }

  function headers(accept) {
    return { "Authorization": "Bearer " + token.value.trim(), "Accept": accept };
  }

  // failure turns an error answer (JSON with a message) into an Error.
  function failure(resp) {
    return resp.json().catch(function () { return {}; }).then(function (data) {
      throw new Error(data.message || ("请求失败（" + resp.status + "），请稍后重试。"));
    });
  }

  function offline() { throw new Error("网络连接失败，请检查网络后重试。"); }

  function needToken() {
    if (token.value.trim() === "") {
      say("请先输入管理员令牌。", true);
      token.focus();
      return false;
    }
    return true;
  }

  function choose(b) {
    var boxes = form.querySelectorAll("input[name=forms]");
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = boxes[i].value === b.getAttribute("data-form"); }
    $("admin-from").value = b.getAttribute("data-from");
    $("admin-to").value = b.getAttribute("data-to");
    say("已" + b.getAttribute("aria-label") + "。点“生成并下载数据包”导出。");
    build.focus();
  }

  // keepScopes leaves in the scope list only what this admin may choose.
  function keepScopes(allowed) {
    var opts = scope.querySelectorAll("option");
    for (var i = 0; i < opts.length; i++) {
      if (opts[i].value !== "" && allowed.indexOf(opts[i].value) < 0) { opts[i].parentNode.removeChild(opts[i]); }
    }
    var groups = scope.querySelectorAll("optgroup");
    for (var j = 0; j < groups.length; j++) {
      if (!groups[j].querySelector("option")) { groups[j].parentNode.removeChild(groups[j]); }
    }
  }

  // syncMonths moves the month fields into the year shown, when they are elsewhere.
  function syncMonths(y) {
    var from = $("admin-from"), to = $("admin-to");
    if (from.value.slice(0, 4) !== String(y) || to.value.slice(0, 4) !== String(y)) {
      from.value = y + "-01";
      to.value = y + "-12";
    }
  }

  function show(html) {
    boardBox.innerHTML = html; // our own API's HTML, every value escaped there
    var db = $("db");
    if (!db) { throw new Error("报送情况无法显示，请稍后重试。"); }
    keepScopes((db.getAttribute("data-scopes") || "").split("|"));
    syncMonths(db.getAttribute("data-year"));
    var uses = boardBox.querySelectorAll(".db-use");
    for (var i = 0; i < uses.length; i++) {
      uses[i].addEventListener("click", function (ev) { choose(ev.currentTarget); });
    }
    return db.getAttribute("data-scope");
  }

  function refresh(ev) {
    if (ev) { ev.preventDefault(); }
    if (!needToken()) { return; }
    var q = "?scope=" + encodeURIComponent(scope.value) + "&year=" + encodeURIComponent(year.value);
    load.disabled = true;
    say("正在读取报送情况……");
    fetch(api + "/admin/board" + q, { headers: headers("text/html"), cache: "no-store", credentials: "omit" }).then(function (resp) {
      return resp.ok ? resp.text() : failure(resp);
    }, offline).then(function (html) {
      var shown = show(html);
      say("已读取 " + shown + " " + year.value + " 年的报送情况。");
    }).catch(function (err) {
      boardBox.innerHTML = "";
      say(err.message, true);
    }).then(function () { load.disabled = false; });
  }

  function bundle(ev) {
    ev.preventDefault();
    if (!needToken()) { return; }
    var forms = [];
    var boxes = form.querySelectorAll("input[name=forms]:checked");
    for (var i = 0; i < boxes.length; i++) { forms.push(boxes[i].value); }
    if (forms.length === 0) { say("请至少选择一个表单。", true); return; }
    var req = { scope: scope.value, forms: forms, from: $("admin-from").value, to: $("admin-to").value, encoding: $("admin-encoding").value, files: $("admin-files").checked };
    build.disabled = true;
    $("admin-result").hidden = true;
    say("正在生成数据包……数据较多时需要一两分钟，请勿关闭页面。");
    var h = headers("application/json");
    h["Content-Type"] = "application/json";
    fetch(api + "/admin/bundle", { method: "POST", headers: h, body: JSON.stringify(req), cache: "no-store", credentials: "omit" }).then(function (resp) {
      return resp.ok ? resp.json() : failure(resp);
    }, offline).then(function (data) {
      var a = $("admin-download");
      a.href = data.url;
      a.textContent = "下载 " + data.file_name;
      $("admin-expires").textContent = "（含 " + data.submissions + " 份报送，" + Math.max(1, Math.round(data.bytes / 1024)) + " KB；链接 15 分钟内有效）";
      $("admin-result").hidden = false;
      say("数据包已生成，正在下载。若未自动开始，请点下方链接。");
      window.location.assign(data.url);
    }).catch(function (err) {
      say(err.message, true);
    }).then(function () { build.disabled = false; });
  }

  load.addEventListener("click", refresh);
  year.addEventListener("change", function () { if (boardBox.firstChild) { refresh(); } });
  scope.addEventListener("change", function () { if (boardBox.firstChild) { refresh(); } });
  form.addEventListener("submit", bundle);
}());
