/* dunban admin page: overview of periods and counts in the admin's scope,
   and bundle download through a presigned URL. The token stays in the page
   (never stored); it goes only in the Authorization header. */
(function () {
  "use strict";
  var root = document.getElementById("admin");
  if (!root || !window.fetch) { return; }
  var api = root.getAttribute("data-api") || "";
  var $ = function (id) { return document.getElementById(id); };
  var form = $("admin-form"), token = $("admin-token"), status = $("admin-status");
  var load = $("admin-load"), build = $("admin-build");
  var scopeInput = $("admin-scope"), scopeSelect = $("admin-scope-select");
  var year = $("admin-year"), overview = $("admin-overview");
  load.hidden = false;

  function say(msg, isError) {
    status.textContent = msg;
    status.className = "da-status" + (isError ? " da-error" : "");
  }

  function call(method, path, body) {
    var opts = { method: method, headers: { "Authorization": "Bearer " + token.value.trim(), "Accept": "application/json" }, cache: "no-store", credentials: "omit" };
    if (body) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(api + path, opts).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (!resp.ok || !data.ok) {
          throw new Error(data.message || ("请求失败（" + resp.status + "），请稍后重试。"));
        }
        return data;
      });
    }, function () {
      throw new Error("网络连接失败，请检查网络后重试。");
    });
  }

  function needToken() {
    if (token.value.trim() === "") {
      say("请先输入管理员令牌。", true);
      token.focus();
      return false;
    }
    return true;
  }

  function cell(tr, text, header) {
    var td = document.createElement(header ? "th" : "td");
    if (header) { td.scope = "row"; }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function choose(p) {
    var boxes = form.querySelectorAll("input[name=forms]");
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = boxes[i].value === p.form; }
    $("admin-from").value = p.from;
    $("admin-to").value = p.to;
    say("已选用：" + p.title + " " + p.label + "。点“生成并下载数据包”导出。");
    build.focus();
  }

  function showPeriods(data) {
    var body = $("admin-periods").tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var last = "";
    if (data.periods.length === 0) {
      var empty = document.createElement("tr");
      var td0 = document.createElement("td");
      td0.colSpan = 5;
      td0.textContent = data.year + "年没有报送期，请选择其他年度。";
      empty.appendChild(td0);
      body.appendChild(empty);
    }
    data.periods.forEach(function (p) {
      var tr;
      if (p.form !== last) {
        last = p.form;
        tr = document.createElement("tr");
        tr.className = "da-group";
        var th = document.createElement("th");
        th.colSpan = 5;
        th.scope = "colgroup";
        th.textContent = p.title;
        tr.appendChild(th);
        body.appendChild(tr);
      }
      tr = document.createElement("tr");
      var head = cell(tr, p.label, true);
      if (p.due) {
        var due = document.createElement("span");
        due.className = "da-due";
        due.textContent = "截止 " + p.due;
        head.appendChild(due);
      }
      var count = cell(tr, String(p.count));
      count.className = "da-num";
      if (p.corrections) {
        // A unit sent the same form and period again: the bundle keeps every version.
        var fix = document.createElement("span");
        fix.className = "da-due";
        fix.textContent = "更正 " + p.corrections + " 次";
        count.appendChild(fix);
      }
      cell(tr, p.expected ? String(p.expected) : "—").className = "da-num";
      var miss = cell(tr, !p.expected ? "—" : (p.passed ? String(p.missing || 0) : "未到期"));
      miss.className = "da-num" + (p.missing ? " da-missing" : "");
      var td = document.createElement("td");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "da-secondary";
      b.textContent = "选用";
      b.setAttribute("aria-label", "选用 " + p.title + " " + p.label);
      b.addEventListener("click", function () { choose(p); });
      td.appendChild(b);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function showScopes(data) {
    var keep = scopeInput.value;
    while (scopeSelect.firstChild) { scopeSelect.removeChild(scopeSelect.firstChild); }
    data.scopes.forEach(function (s, i) {
      var o = document.createElement("option");
      o.value = i === 0 ? "" : s;
      o.textContent = i === 0 ? "本人管辖范围（" + s + "）" : s;
      if (o.value === keep) { o.selected = true; }
      scopeSelect.appendChild(o);
    });
    scopeSelect.hidden = false;
    scopeInput.type = "hidden";
    scopeInput.value = scopeSelect.value;
  }

  function showYears(data) {
    while (year.firstChild) { year.removeChild(year.firstChild); }
    data.years.forEach(function (y) {
      var o = document.createElement("option");
      o.value = String(y);
      o.textContent = y + "年";
      o.selected = y === data.year;
      year.appendChild(o);
    });
  }

  // syncMonths moves the month fields into the year shown, when they are elsewhere.
  function syncMonths(y) {
    var from = $("admin-from"), to = $("admin-to");
    if (from.value.slice(0, 4) !== String(y) || to.value.slice(0, 4) !== String(y)) {
      from.value = y + "-01";
      to.value = y + "-12";
    }
  }

  function refresh() {
    if (!needToken()) { return; }
    var q = "?scope=" + encodeURIComponent(scopeInput.value);
    if (year.value) { q += "&year=" + encodeURIComponent(year.value); }
    load.disabled = true;
    say("正在读取报送情况……");
    call("GET", "/admin/overview" + q).then(function (data) {
      $("admin-who").textContent = "管理员：" + data.admin + "　范围：" + data.scope + "　年度：" + data.year;
      showYears(data);
      syncMonths(data.year);
      showScopes(data);
      showPeriods(data);
      overview.hidden = false;
      say("已读取 " + data.scope + " " + data.year + " 年的报送情况。");
    }).catch(function (err) {
      overview.hidden = true;
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
    var req = { scope: scopeInput.value, forms: forms, from: $("admin-from").value, to: $("admin-to").value, encoding: $("admin-encoding").value, files: $("admin-files").checked };
    build.disabled = true;
    $("admin-result").hidden = true;
    say("正在生成数据包……数据较多时需要一两分钟，请勿关闭页面。");
    call("POST", "/admin/bundle", req).then(function (data) {
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
  year.addEventListener("change", refresh);
  scopeSelect.addEventListener("change", function () { scopeInput.value = scopeSelect.value; refresh(); });
  form.addEventListener("submit", bundle);
}());
