/* dunban form pages: draft kept in the browser, rows added and removed,
   JSON submission with errors shown beside their fields, receipt to copy.
   Plain ES5 with no library, for WeChat's in-app browser and old phones. */
(function () {
  'use strict';

  var FOLD = /[\uFF01-\uFF5E]/g;
  var ROW = /^rows\.(\d+)\./;

  function byId(id) { return document.getElementById(id); }
  function domId(name) { return String(name).replace(/\./g, '-'); }
  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }
  function show(el, on) { if (el) { if (on) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); } } }
  function chars(s) { return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length; }

  var store = {
    get: function (k) { try { return JSON.parse(window.localStorage.getItem(k) || 'null'); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, JSON.stringify(v)); return true; } catch (e) { return false; } },
    del: function (k) { try { window.localStorage.removeItem(k); } catch (e) { /* private mode */ } }
  };

  // The unit code is never part of the draft: it is kept, if the person
  // ticks the box, for this browser session only.
  var CODE = 'unit_code', CODE_KEY = 'dunban:unit_code';
  var session = {
    get: function () { try { return window.sessionStorage.getItem(CODE_KEY) || ''; } catch (e) { return ''; } },
    set: function (v) { try { window.sessionStorage.setItem(CODE_KEY, v); } catch (e) { /* private mode */ } },
    del: function () { try { window.sessionStorage.removeItem(CODE_KEY); } catch (e) { /* private mode */ } }
  };
  var PRIVATE = { website: true, unit_code: true };

  // uuid7 is a UUID version 7: 48 bits of Unix milliseconds, then random bits.
  function uuid7() {
    var r = [], i, hex = Date.now().toString(16);
    while (hex.length < 12) { hex = '0' + hex; }
    var c = window.crypto || window.msCrypto;
    if (c && c.getRandomValues) {
      var a = new Uint8Array(10);
      c.getRandomValues(a);
      for (i = 0; i < 10; i++) { r.push(a[i]); }
    } else {
      for (i = 0; i < 10; i++) { r.push(Math.floor(Math.random() * 256)); }
    }
    r[0] = (r[0] & 0x0f) | 0x70;
    r[2] = (r[2] & 0x3f) | 0x80;
    for (i = 0; i < 10; i++) { hex += (r[i] < 16 ? '0' : '') + r[i].toString(16); }
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20, 32);
  }

  function setupCopy() {
    var btn = byId('df-copy');
    if (!btn) { return; }
    show(btn, true);
    btn.addEventListener('click', function () {
      var out = byId('df-number'), text = out.textContent;
      function done() { btn.textContent = '已复制'; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { legacyCopy(out) && done(); });
      } else if (legacyCopy(out)) {
        done();
      }
    });
  }

  function legacyCopy(el) {
    try {
      var range = document.createRange();
      range.selectNodeContents(el);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return document.execCommand('copy');
    } catch (e) { return false; }
  }

  function showDeadline() {
    each(document.querySelectorAll('.df-deadline[data-due]'), function (p) {
      var due = Date.parse(p.getAttribute('data-due'));
      show(p.querySelector('.df-late'), due && Date.now() > due);
    });
  }

  var root = byId('df'), form = byId('df-form');
  setupCopy();
  showDeadline();
  if (!root || !form) { return; }
  form.noValidate = true;

  var KEY = 'dunban:draft:' + root.getAttribute('data-form');
  var SENT = 'dunban:sent:' + root.getAttribute('data-form');
  var rowsBox = byId('df-rows');
  var list = rowsBox ? rowsBox.querySelector('.df-rowlist') : null;
  var blankRow = null;
  var busy = false;
  var sent = false;
  var dirty = false;
  var saveTimer = null;
  var draft = store.get(KEY);
  if (!draft || typeof draft !== 'object' || !draft.id) { draft = null; }
  var state = draft || { id: uuid7(), started: Date.now(), values: {}, rows: 0 };

  function named(el) { return el.name && el.type !== 'submit' && el.type !== 'button'; }
  function field(name) { return form.elements[name]; }

  function valueOf(el) {
    if (el.type === 'checkbox') { return el.checked ? 'on' : ''; }
    if (el.type === 'file') { return el.files && el.files[0] ? el.files[0].name : ''; }
    return el.value;
  }

  function values() {
    var out = {};
    each(form.elements, function (el) { if (named(el)) { out[el.name] = valueOf(el); } });
    return out;
  }

  // Rows --------------------------------------------------------------
  function rows() { return list ? list.querySelectorAll('.df-row') : []; }

  function clearRow(li) {
    each(li.querySelectorAll('input,select,textarea'), function (el) {
      if (el.type === 'checkbox') { el.checked = false; } else if (el.tagName === 'SELECT') { el.selectedIndex = 0; } else { el.value = ''; }
      el.removeAttribute('aria-invalid');
    });
    each(li.querySelectorAll('.df-error'), function (p) { p.textContent = ''; show(p, false); });
    each(li.querySelectorAll('.df-invalid'), function (d) { d.className = d.className.replace(/ ?df-invalid/, ''); });
    each(li.querySelectorAll('details'), function (d) { d.removeAttribute('open'); });
  }

  function renumber() {
    var re = /(^|\s|[fhe]-)rows-\d+-/g;
    each(rows(), function (li, i) {
      li.setAttribute('data-index', i);
      li.querySelector('.df-rownum').textContent = i + 1;
      each(li.querySelectorAll('[name],[id],[for],[aria-describedby]'), function (el) {
        if (el.name) { el.name = el.name.replace(ROW, 'rows.' + i + '.'); }
        if (el.id) { el.id = el.id.replace(re, '$1rows-' + i + '-'); }
        if (el.htmlFor) { el.htmlFor = el.htmlFor.replace(re, '$1rows-' + i + '-'); }
        var d = el.getAttribute('aria-describedby');
        if (d) { el.setAttribute('aria-describedby', d.replace(re, '$1rows-' + i + '-')); }
      });
    });
    var n = rows().length, max = +rowsBox.getAttribute('data-max');
    each(list.querySelectorAll('.df-remove'), function (b) { show(b, n > 1); });
    show(rowsBox.querySelector('.df-add'), n < max);
  }

  function addRow() {
    var li = blankRow.cloneNode(true);
    list.appendChild(li);
    renumber();
    return li;
  }

  function setRows(n) {
    var max = +rowsBox.getAttribute('data-max');
    n = Math.max(1, Math.min(n, max));
    while (rows().length < n) { addRow(); }
    while (rows().length > n) { list.removeChild(rows()[rows().length - 1]); }
    renumber();
  }

  function rowBlank(li) {
    var blank = true;
    each(li.querySelectorAll('input,select,textarea'), function (el) {
      if (named(el) && valueOf(el).replace(/^\s+|\s+$/g, '') !== '') { blank = false; }
    });
    return blank;
  }

  // unfold moves the filled rows folded away for pages without script into
  // the list, and drops the blank ones: with script, rows are added at will.
  function unfold() {
    var more = rowsBox.querySelector('.df-more');
    if (!more) { return; }
    each(more.querySelectorAll('.df-row'), function (li) { if (!rowBlank(li)) { list.appendChild(li); } });
    more.parentNode.removeChild(more);
  }

  function setupRows() {
    if (!list) { return; }
    unfold();
    blankRow = rows()[0].cloneNode(true);
    clearRow(blankRow);
    rowsBox.querySelector('.df-add').addEventListener('click', function () {
      var li = addRow();
      var first = li.querySelector('input,select,textarea');
      if (first) { first.focus(); }
      later();
    });
    list.addEventListener('click', function (e) {
      var t = e.target;
      if (!t.className || t.className.indexOf('df-remove') < 0) { return; }
      var li = t;
      while (li && li.className.indexOf('df-row') < 0) { li = li.parentNode; }
      if (!li || (!rowBlank(li) && !window.confirm('删除这一行已填写的内容？'))) { return; }
      list.removeChild(li);
      renumber();
      later();
    });
    renumber();
  }

  // Draft -------------------------------------------------------------
  function save() {
    if (sent || !(dirty || draft)) { return; }
    state.values = values();
    for (var k in PRIVATE) { if (PRIVATE.hasOwnProperty(k)) { delete state.values[k]; } }
    state.rows = rows().length;
    state.saved = Date.now();
    store.set(KEY, state);
  }

  // fill puts a kept record's values into the form; keep(name) says which.
  function fill(rec, keep) {
    if (list && rec.rows) { setRows(rec.rows); }
    var v = rec.values || {};
    for (var name in v) {
      if (!v.hasOwnProperty(name) || PRIVATE.hasOwnProperty(name) || (keep && !keep(name))) { continue; }
      var el = field(name);
      if (!el || !el.type || el.type === 'file' || el.type === 'hidden') { continue; }
      if (el.type === 'checkbox') { el.checked = v[name] === 'on'; } else { el.value = v[name]; }
    }
  }

  function when(t) {
    var d = new Date(t);
    return (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + d.getHours() + ':' + (d.getMinutes() < 10 ? '0' : '') + d.getMinutes();
  }

  // setupSent offers the last sent values (修改并重新报送): at once when the
  // receipt's link opened the page (#edit), else as a button while the form is blank.
  function setupSent() {
    var last = store.get(SENT), box = byId('df-sent');
    if (!last || !last.values || !box) {
      if (window.location.hash === '#edit') {
        status('本机浏览器中没有上次报送的内容（可能是在其他设备或浏览器中报送的），请重新填写整表再报送，以最后一次报送为准。', true);
      }
      return;
    }
    function load() {
      state = { id: uuid7(), started: Date.now(), values: {}, rows: 0 };
      fill(last);
      show(box, false);
      hidden();
      dirty = true;
      save();
      status('已载入' + when(last.at) + '报送的内容（回执编号 ' + last.receipt + '）。修改后重新提交，以最后一次报送为准。');
    }
    if (window.location.hash === '#edit') { load(); return; }
    if (draft) { return; }
    box.querySelector('span').textContent = '本机上次报送于 ' + when(last.at) + '（回执编号 ' + last.receipt + '）。';
    byId('df-load-sent').addEventListener('click', load);
    show(box, true);
  }

  // setupCopyLast: 复制上月 fills the unit, the contact and each cadre's
  // carried values (name, figures as of the month) from the last report
  // sent on this device, leaving the month's own counts blank.
  function setupCopyLast() {
    var btn = byId('df-copy-last');
    var last = store.get(SENT);
    if (!btn) { return; }
    show(btn.parentNode, true);
    btn.addEventListener('click', function () {
      last = store.get(SENT);
      if (!last || !last.values) {
        status('本机没有上次报送的记录：请在本机报送一次后再使用“复制上月”。', true);
        return;
      }
      if (!window.confirm('用本机上次报送的团干部名单覆盖当前表格？')) { return; }
      var carry = {};
      each(form.querySelectorAll('[data-carry]'), function (el) { carry[el.name.replace(ROW, '')] = true; });
      fill(last, function (name) {
        if (name === 'period' || name === 'consent') { return false; }
        var m = ROW.exec(name);
        return !m || carry[name.replace(ROW, '')];
      });
      each(rows(), function (li) {
        each(li.querySelectorAll('input,select,textarea'), function (el) {
          if (el.name && !el.hasAttribute('data-carry')) { el.value = ''; }
        });
      });
      later();
      status('已复制' + (periodLabel(last.values.period) || '上次报送') + '的团干部名单及截至当月的数据，请填写本月新增数。');
    });
  }

  // setupFillNames: 按工作安排表填入姓名 asks the collector for the names in
  // the unit's 工作安排表 (with the unit's code) and puts them in the rows.
  function setupFillNames() {
    var btn = byId('df-fill-names'), url = form.getAttribute('data-cadres');
    if (!btn || !url) { return; }
    show(btn.parentNode, true);
    btn.addEventListener('click', function () {
      var unit = field('unit'), code = field(CODE);
      if (!unit.value || !code.value) { status('请先选择填报单位并填写单位填报码。', true); return; }
      status('正在读取工作安排表…');
      post(url, { unit: unit.value, unit_code: code.value }, function (c, data) {
        if (!(c === 200 && data && data.ok)) { status(failMessage(c, data), true); return; }
        var names = data.names || [];
        if (!names.length) { status(data.message || '工作安排表中没有团干部。', true); return; }
        setRows(Math.max(names.length, rows().length));
        each(names, function (n, i) { field('rows.' + i + '.name').value = n; });
        later();
        status('已按工作安排表填入 ' + names.length + ' 名团干部的姓名，请填写各项数字。');
      });
    });
  }

  function periodLabel(id) {
    var sel = field('period'), out = '';
    if (sel && sel.options) { each(sel.options, function (o) { if (o.value === id) { out = o.textContent.replace(/（.*$/, ''); } }); }
    return out;
  }

  // setupCounts turns each length line into a counter as the person types.
  function setupCounts() {
    each(form.querySelectorAll('.df-count'), function (p) {
      var el = byId('f-' + p.id.slice(2));
      if (!el) { return; }
      function update() {
        var n = chars(el.value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''));
        p.textContent = '已写 ' + n + ' 字（' + p.getAttribute('data-limits') + '）';
        var min = +el.getAttribute('minlength'), max = +el.getAttribute('maxlength');
        p.className = 'df-count' + ((n && min && n < min) || (max && n > max) ? ' df-short-text' : '');
      }
      el.addEventListener('input', update);
      update();
    });
  }

  function restore() {
    if (!draft) { return; }
    fill(draft);
    var box = byId('df-draft');
    box.querySelector('span').textContent = '已恢复您上次未提交的草稿（保存于 ' + when(draft.saved || draft.started) + '）。';
    show(box, true);
  }

  // setupCode shows the "remember for this session" box and keeps the code
  // in sessionStorage while it is ticked.
  function setupCode() {
    var input = field(CODE), box = byId('df-remember-code');
    if (!input || !box) { return; }
    show(box.parentNode, true);
    var kept = session.get();
    if (kept && !input.value) { input.value = kept; }
    box.checked = !!kept;
    function keep() { if (box.checked && input.value) { session.set(input.value); } else { session.del(); } }
    box.addEventListener('change', keep);
    input.addEventListener('input', keep);
    input.addEventListener('change', keep);
  }

  function discard() {
    if (!window.confirm('清空草稿并重新填写？')) { return; }
    store.del(KEY);
    window.location.reload();
  }

  function hidden() {
    field('submission_id').value = state.id;
    field('rendered_at').value = String(state.started);
  }

  // Errors ------------------------------------------------------------
  function clearErrors() {
    each(form.querySelectorAll('.df-error'), function (p) { p.textContent = ''; show(p, false); });
    each(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
    each(form.querySelectorAll('.df-invalid'), function (d) { d.className = d.className.replace(/ ?df-invalid/, ''); });
    show(byId('df-summary'), false);
  }

  function rowLabel(name) {
    var m = ROW.exec(name);
    return m ? (rowsBox.getAttribute('data-label') + '第' + (+m[1] + 1) + '行 · ') : '';
  }

  // withLabel puts the field's label before a message that does not name it.
  function withLabel(input, msg) {
    var label = input ? input.getAttribute('data-label') : '';
    return label && msg.indexOf(label) < 0 ? label + '：' + msg : msg;
  }

  // openRow opens every panel of the row holding el (its schools).
  function openRow(el) {
    for (var n = el; n && n !== form; n = n.parentNode) {
      if (n.className && String(n.className).indexOf('df-row') >= 0) {
        each(n.querySelectorAll('details'), function (d) { d.setAttribute('open', ''); });
        return;
      }
    }
  }

  function showErrors(errs) {
    clearErrors();
    var summary = byId('df-summary'), ul = summary.querySelector('ul'), first = null;
    ul.innerHTML = '';
    each(summary.querySelectorAll('p'), function (p) { summary.removeChild(p); });
    each(errs, function (e) {
      var name = e.field || '', p = name ? byId('e-' + domId(name)) : null, input = name ? byId('f-' + domId(name)) : null;
      if (p) {
        p.textContent = e.message;
        show(p, true);
        for (var n = p.parentNode; n && n !== form; n = n.parentNode) {
          if (n.tagName === 'DETAILS') { n.setAttribute('open', ''); }
        }
      }
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.parentNode.className += ' df-invalid';
      }
      if (/\.schools$/.test(name)) { openRow(p); }
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + (input ? input.id : (p ? p.id : 'df-summary'));
      a.textContent = rowLabel(name) + withLabel(input, e.message);
      li.appendChild(a);
      ul.appendChild(li);
      if (!first) { first = input || p; }
    });
    show(summary, true);
    if (first) {
      if (first.scrollIntoView) { first.scrollIntoView({ block: 'center' }); }
      first.focus();
    } else {
      summary.focus();
    }
  }

  // checkField returns the problem with one field, as the server words it.
  function checkField(el) {
    var label = el.getAttribute('data-label'), v = valueOf(el).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    if (!label) { return ''; }
    if (el.type === 'checkbox') { return el.required && !el.checked ? el.getAttribute('data-msg-required') : ''; }
    if (v === '') { return el.required || el.hasAttribute('data-required') ? el.getAttribute('data-msg-required') : ''; }
    var mode = el.getAttribute('inputmode');
    if (el.type === 'tel' || el.type === 'email' || mode === 'numeric' || mode === 'decimal') {
      v = v.replace(FOLD, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
      if (el.type === 'tel') {
        v = v.replace(/[ \u2014\u2013]/g, function (c) { return c === ' ' ? '' : '-'; });
        if (/^1[3-9][0-9](-?[0-9]){8}$/.test(v)) { v = v.replace(/-/g, ''); }
      }
    }
    var n = chars(v), max = +el.getAttribute('maxlength'), min = +el.getAttribute('minlength');
    if (max && n > max) { return '“' + label + '”最多' + max + '个字，现有' + n + '个字'; }
    if (min && n < min) { return '“' + label + '”至少' + min + '个字'; }
    var p = el.getAttribute('pattern');
    if (p && !new RegExp('^(?:' + p + ')$').test(v)) { return el.getAttribute('data-msg-pattern'); }
    if (el.type === 'file') { return checkFile(el, label); }
    var lo = el.getAttribute('data-min'), hi = el.getAttribute('data-max'), x = parseFloat(v);
    if (hi !== null && (isNaN(x) || x < +lo || x > +hi)) { return '“' + label + '”应在' + lo + '到' + hi + '之间'; }
    return '';
  }

  function checkFile(el, label) {
    var f = el.files && el.files[0], accept = el.getAttribute('accept').split(','), max = +el.getAttribute('data-max-bytes');
    if (!f) { return ''; }
    var ext = (/\.[^.]+$/.exec(f.name.toLowerCase()) || [''])[0];
    if (accept.indexOf(ext) < 0) { return '“' + label + '”只接受 ' + accept.join('、') + ' 格式'; }
    if (max && f.size > max) { return '“' + label + '”不能超过 ' + Math.round(max / 1048576) + ' MB'; }
    if (f.size === 0) { return '“' + label + '”是空文件'; }
    return '';
  }

  // checkSchools applies the arrangement's rule to a filled row: at least
  // one school type, and each type given with its class, secretary and contact.
  function checkSchools(li, errs) {
    var groups = {}, any = false, row = '';
    each(li.querySelectorAll('[name$="_class"],[name$="_secretary"],[name$="_contact"]'), function (el) {
      var m = /^(rows\.\d+\.)([a-z]+)_(class|secretary|contact)$/.exec(el.name);
      if (!m) { return; }
      row = m[1];
      (groups[m[2]] = groups[m[2]] || []).push(el);
    });
    if (!row) { return; }
    for (var k in groups) {
      if (!groups.hasOwnProperty(k)) { continue; }
      var filled = 0;
      each(groups[k], function (el) { if (valueOf(el).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '') !== '') { filled++; } });
      if (filled) { any = true; }
      if (filled && filled < groups[k].length) {
        each(groups[k], function (el) {
          if (valueOf(el).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '') === '') {
            errs.push({ field: el.name, message: '已填写' + groupName(el) + '入驻信息，请同时填写' + el.getAttribute('data-label') });
          }
        });
      }
    }
    if (!any) { errs.push({ field: row + 'schools', message: '请至少填写一类入驻学校（班级及校团委书记姓名、联系方式）' }); }
  }

  function groupName(el) {
    for (var n = el; n && n !== form; n = n.parentNode) {
      if (n.tagName === 'DETAILS') { return n.querySelector('summary').textContent.replace(/^.*：/, ''); }
    }
    return '';
  }

  function validate() {
    var errs = [], filled = 0;
    each(form.elements, function (el) {
      if (!named(el)) { return; }
      var m = ROW.exec(el.name);
      if (m) {
        var li = el.parentNode;
        while (li && li.className.indexOf('df-row') < 0) { li = li.parentNode; }
        if (li && rowBlank(li)) { return; }
      }
      var msg = checkField(el);
      if (msg) { errs.push({ field: el.name, message: msg }); }
    });
    each(rows(), function (li) { if (!rowBlank(li)) { checkSchools(li, errs); } });
    if (list) {
      each(rows(), function (li) { if (!rowBlank(li)) { filled++; } });
      var min = +rowsBox.getAttribute('data-min');
      if (filled < min) { errs.push({ field: 'rows', message: rowsBox.getAttribute('data-label') + '至少填写' + min + '行' }); }
    }
    return errs;
  }

  // Network -----------------------------------------------------------
  function post(url, body, done) {
    var text = JSON.stringify(body), finished = false;
    function finish(status, data) { if (!finished) { finished = true; done(status, data); } }
    function parse(s) { try { return JSON.parse(s); } catch (e) { return null; } }
    if (window.fetch) {
      var ctl = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (ctl) { ctl.abort(); } finish(0, null); }, 30000);
      window.fetch(url, {
        method: 'POST', body: text, signal: ctl ? ctl.signal : undefined,
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }
      }).then(function (r) {
        return r.text().then(function (s) { clearTimeout(timer); finish(r.status, parse(s)); });
      }, function () { clearTimeout(timer); finish(0, null); });
      return;
    }
    var x = new XMLHttpRequest();
    x.open('POST', url, true);
    x.timeout = 30000;
    x.setRequestHeader('Content-Type', 'application/json');
    x.setRequestHeader('Accept', 'application/json');
    x.onload = function () { finish(x.status, parse(x.responseText)); };
    x.onerror = x.ontimeout = function () { finish(0, null); };
    x.send(text);
  }

  function status(msg, bad) {
    var s = byId('df-status');
    s.textContent = msg;
    s.className = 'df-status' + (bad ? ' df-bad' : '');
  }

  function failMessage(code, data) {
    if (data && data.message) { return data.message + (code >= 500 ? '您填写的内容已保存在本机，可稍后重新提交。' : ''); }
    if (code === 0) { return '网络连接失败，您填写的内容已保存在本机。请检查网络后重新提交。'; }
    if (code === 413) { return '提交的内容过多，请删减后再试。'; }
    if (code === 429) { return '提交过于频繁，请稍后再试。'; }
    return '提交未成功（错误代码 ' + code + '），您填写的内容已保存在本机，请稍后重新提交。';
  }

  function busyOn(on) {
    busy = on;
    var b = form.querySelector('.df-submit');
    b.disabled = on;
    if (on) { b.setAttribute('data-label', b.textContent); b.textContent = '正在提交…'; } else if (b.getAttribute('data-label')) { b.textContent = b.getAttribute('data-label'); }
  }

  // receiptURL is the receipt page of a stored submission: …/receipt/<form>/<id>
  // beside the …/submit/<form> the form posts to.
  function receiptURL(id) {
    var a = form.action, p = field('period');
    if (!/\/submit\/[^\/?#]+$/.test(a)) { return ''; }
    return a.replace(/\/submit\/([^\/?#]+)$/, '/receipt/$1/' + encodeURIComponent(id)) + (p && p.value ? '?period=' + encodeURIComponent(p.value) : '');
  }

  // keepSent keeps what was sent on this device, for 修改并重新报送 and 复制上月.
  function keepSent(data) {
    var v = values();
    for (var k in PRIVATE) { if (PRIVATE.hasOwnProperty(k)) { delete v[k]; } }
    delete v.submission_id;
    delete v.rendered_at;
    delete v.sent_at;
    delete v.file_key;
    store.set(SENT, { values: v, rows: rows().length, id: data.id, receipt: data.receipt, at: Date.now(), url: receiptURL(data.id) });
  }

  function succeed(data) {
    sent = true;
    clearTimeout(saveTimer);
    keepSent(data);
    store.del(KEY);
    var url = receiptURL(data.id);
    var done = byId('df-done');
    byId('df-number').textContent = data.receipt || data.id;
    show(done.querySelector('.df-done-late'), !!data.late);
    show(done.querySelector('.df-done-dup'), !!data.duplicate);
    done.querySelector('a').href = window.location.pathname;
    show(form, false);
    show(byId('df-draft'), false);
    show(byId('df-summary'), false);
    show(done, true);
    done.focus();
    if (url) {
      done.querySelector('.df-done-open').href = url;
      window.location.assign(url);
    }
  }

  // content is what the person filled in, without the page's own fields:
  // what the collector compares when the same id comes again.
  function content() {
    var v = values(), skip = { submission_id: 1, rendered_at: 1, sent_at: 1, website: 1, unit_code: 1 }, out = [];
    for (var k in v) { if (v.hasOwnProperty(k) && !skip[k] && v[k] !== '') { out.push(k + '=' + v[k]); } }
    return out.sort().join('&');
  }

  // freshID gives the filled form a new id when its content changed since a
  // send whose answer never came (the first may be stored under the old id:
  // the collector would refuse the changed content with 409).
  function freshID() {
    var now = content();
    if (state.sentContent && state.sentContent !== now) { state.id = uuid7(); }
    state.sentContent = now;
  }

  function send() {
    freshID();
    hidden();
    // Sent with rendered_at by the same clock: the collector measures the
    // time spent filling in from the two, right even when the device's clock is not.
    if (field('sent_at')) { field('sent_at').value = String(Date.now()); }
    save();
    status('正在提交，请稍候…');
    post(form.action, values(), function (code, data) {
      busyOn(false);
      if (code >= 200 && code < 300 && data && data.ok) { status(''); succeed(data); return; }
      if (code === 409) { state.id = uuid7(); state.sentContent = ''; hidden(); save(); }
      if ((code === 400 || code === 403) && data && data.errors && data.errors.length) {
        status('提交未成功，请按提示修改。', true);
        each(data.errors, function (e) { if (e.field === 'file' && field('file_key')) { field('file_key').value = ''; } });
        showErrors(data.errors);
        return;
      }
      status(failMessage(code, data), true);
    });
  }

  // upload sends the report file to S3 through a signed POST, then calls next.
  function upload(next) {
    var input = field('file'), key = field('file_key'), url = form.getAttribute('data-presign');
    var f = input && input.files && input.files[0];
    var unit = field('unit') ? field('unit').value : '', unitCode = field(CODE) ? field(CODE).value : '';
    if (!f || !url || !key || (key.value && state.fileName === f.name && state.fileSize === f.size && state.fileUnit === unit)) { next(); return; }
    var ext = (/\.[^.]+$/.exec(f.name.toLowerCase()) || [''])[0];
    var types = { '.pdf': 'application/pdf', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.wps': 'application/vnd.ms-works' };
    status('正在准备上传…');
    // The slot is issued for the unit and its 单位填报码, as the report will be.
    post(url, { submission_id: state.id, filename: f.name, name: f.name, size: f.size, content_type: types[ext] || f.type, unit: unit, unit_code: unitCode }, function (code, data) {
      if (!(code >= 200 && code < 300 && data && data.url)) {
        busyOn(false);
        if ((code === 400 || code === 403) && data && data.errors) { showErrors(data.errors); }
        status(failMessage(code, data), true);
        return;
      }
      var fd = new FormData(), bar = form.querySelector('.df-progress');
      for (var k in data.fields) { if (data.fields.hasOwnProperty(k)) { fd.append(k, data.fields[k]); } }
      fd.append('file', f);
      var x = new XMLHttpRequest();
      x.open('POST', data.url, true);
      show(bar, true);
      x.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); status('正在上传文件 ' + bar.value + '%…'); } };
      x.onload = function () {
        if (x.status >= 200 && x.status < 300) {
          key.value = data.key;
          state.fileName = f.name;
          state.fileSize = f.size;
          state.fileUnit = unit;
          next();
          return;
        }
        busyOn(false);
        status('文件上传未成功（错误代码 ' + x.status + '），请重试。', true);
      };
      x.onerror = function () { busyOn(false); status(failMessage(0, null), true); };
      x.send(fd);
    });
  }

  function preselectPeriod() {
    var sel = field('period');
    if (!sel || sel.tagName !== 'SELECT' || sel.value) { return; }
    var now = Date.now();
    each(sel.options, function (o) {
      var due = Date.parse(o.getAttribute('data-due') || '');
      if (!sel.value && due && due >= now) { sel.value = o.value; }
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (busy) { return; }
    var errs = validate();
    if (errs.length) { status('提交未成功，请按提示修改。', true); showErrors(errs); return; }
    clearErrors();
    busyOn(true);
    upload(send);
  });
  function later() { dirty = true; clearTimeout(saveTimer); saveTimer = setTimeout(save, 200); }
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  window.addEventListener('pagehide', save);
  byId('df-discard').addEventListener('click', discard);

  // The file input starts disabled: without script the page asks only for
  // the file's type (in <noscript>) and the file on the next page.
  each(form.querySelectorAll('input[type=file]'), function (el) { el.disabled = false; show(el, true); });
  setupRows();
  restore();
  setupSent();
  setupCopyLast();
  setupFillNames();
  setupCode();
  preselectPeriod();
  setupCounts();
  hidden();
}());
