/* dunban search: queries the sharded index written by site/search.
   Plain ES5, no dependencies; fetches only from our own origin. */
(function () {
  'use strict';

  var PAGE = 10, K1 = 1.2, TITLE_BOOST = 1.5, MAX_WORD = 32;
  var MAX_TERMS = 16; // a long query looks up its first terms only, to bound what it downloads
  var SEP = 0, CJK = 1, WORD = 2;

  /* ---- tokenisation: mirrors tokenize.go exactly ---- */

  function fold(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFEE0;
    } else if (c === 0x3000) {
      return 32;
    }
    if ((c >= 65 && c <= 90) || (c >= 0xC0 && c <= 0xDE && c !== 0xD7) ||
        (c >= 0x391 && c <= 0x3A9 && c !== 0x3A2) || (c >= 0x410 && c <= 0x42F)) {
      return c + 32;
    }
    if (c >= 0x400 && c <= 0x40F) {
      return c + 80;
    }
    return c;
  }

  function classOf(c) {
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) { return WORD; }
    if (c < 0xC0) { return SEP; }
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) ||
        (c >= 0x3040 && c <= 0x30FF && c !== 0x30FB) || c === 0x3007) { return CJK; }
    if ((c <= 0x24F && c !== 0xD7 && c !== 0xF7) || (c >= 0x370 && c <= 0x4FF) ||
        (c >= 0x180B && c <= 0x18AF) || (c >= 0x1100 && c <= 0x11FF) ||
        (c >= 0xAC00 && c <= 0xD7AF)) { return WORD; }
    return SEP;
  }

  // codePoints calls f with each code point of s (lone surrogates as U+FFFD).
  function codePoints(s, f) {
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
          i++;
        } else {
          c = 0xFFFD;
        }
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        c = 0xFFFD;
      }
      f(c);
    }
  }

  function chr(c) {
    if (c < 0x10000) { return String.fromCharCode(c); }
    c -= 0x10000;
    return String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
  }

  // queryTerms lists the distinct terms of a query: bigrams of each CJK run
  // (the character alone for a run of one) and each word of letters/digits.
  function queryTerms(q) {
    var out = [], seen = {}, run = [], word = '', wn = 0, prevCJK = false, phrases = [];
    function add(t) {
      if (!seen.hasOwnProperty('$' + t)) { seen['$' + t] = true; out.push(t); }
    }
    function flushRun() {
      if (run.length > 2) { phrases.push(run.join('')); }
      if (run.length === 1) { add(run[0]); }
      for (var i = 1; i < run.length; i++) { add(run[i - 1] + run[i]); }
      run = [];
    }
    function endWord() {
      if (word !== '') { flushRun(); add(word); word = ''; wn = 0; }
    }
    codePoints(q, function (c) {
      c = fold(c);
      var k = classOf(c);
      if (k !== WORD) { endWord(); }
      if (k === CJK) {
        if (!prevCJK) { flushRun(); }
        run.push(chr(c));
        prevCJK = true;
        return;
      }
      if (k === WORD && wn < MAX_WORD) { word += chr(c); wn++; }
      prevCJK = false;
    });
    endWord();
    flushRun();
    out.phrases = phrases; // runs of three or more CJK characters, for highlighting
    return out;
  }

  /* ---- index files ---- */

  function imul(a, b) {
    if (Math.imul) { return Math.imul(a, b); }
    var ah = (a >>> 16) & 0xFFFF, al = a & 0xFFFF, bh = (b >>> 16) & 0xFFFF, bl = b & 0xFFFF;
    return ((al * bl) + (((ah * bl + al * bh) << 16) >>> 0)) | 0;
  }

  // termHash mirrors hash.go: FNV-1a over code points and a final mix.
  function termHash(t) {
    var h = 2166136261 | 0;
    codePoints(t, function (c) { h = imul(h ^ c, 16777619); });
    h ^= h >>> 16;
    h = imul(h, 0x85EBCA6B);
    h ^= h >>> 13;
    return h >>> 0;
  }

  function utf8(s) {
    var out = [];
    codePoints(s, function (c) {
      if (c < 0x80) {
        out.push(c);
      } else if (c < 0x800) {
        out.push(0xC0 | (c >> 6), 0x80 | (c & 63));
      } else if (c < 0x10000) {
        out.push(0xE0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      } else {
        out.push(0xF0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
    });
    return out;
  }

  // lookup finds term t in a shard (see shard.go for the layout) and returns
  // its postings as {ids, w}, or null; or {stale: true} when the shard is of
  // another build than meta.json (the site was rebuilt under the page).
  function lookup(buf, t) {
    var pos = 0, want = utf8(t);
    function uv() {
      var x = 0, s = 1, b;
      do { b = buf[pos++]; x += (b & 127) * s; s *= 128; } while (b & 128 && pos < buf.length);
      return x;
    }
    if (uv() !== meta.shards || uv() !== meta.docs) { return {stale: true}; }
    var n = uv();
    for (var i = 0; i < n && pos < buf.length; i++) {
      var len = uv(), match = len === want.length;
      for (var j = 0; match && j < len; j++) { match = buf[pos + j] === want[j]; }
      pos += len;
      var df = uv(), plen = uv();
      if (match) {
        var ids = new Array(df), w = new Array(df), id = 0;
        for (var k = 0; k < df; k++) { id += uv(); ids[k] = id; w[k] = buf[pos++]; }
        return {ids: ids, w: w};
      }
      pos += plen;
    }
    return null;
  }

  /* ---- fetching, with an in-memory cache ---- */

  var cache = {};

  // get fetches url (bytes from..to-1 of it when to > 0) once — concurrent
  // callers share the request — and calls done(err, bytes) with a
  // Uint8Array. Failures are not cached, so a retry fetches again. A server
  // that ignores Range sends the whole file: it is kept and sliced.
  function get(url, from, to, done) {
    var key = to > 0 ? url + '#' + from + '-' + to : url;
    var whole = cache[url];
    if (to > 0 && whole && whole.ok) { done(null, whole.body.subarray(from, to)); return; }
    var e = cache[key];
    if (e && e.ok) { done(null, e.body); return; }
    if (e) { e.waiting.push(done); return; }
    e = cache[key] = {ok: false, waiting: [done]};
    var x = new XMLHttpRequest();
    x.open('GET', url, true);
    x.responseType = 'arraybuffer';
    if (to > 0) { x.setRequestHeader('Range', 'bytes=' + from + '-' + (to - 1)); }
    x.onreadystatechange = function () {
      if (x.readyState !== 4) { return; }
      var err = null, body = null;
      if (x.status === 200 || (x.status === 206 && to > 0)) {
        body = new Uint8Array(x.response);
        if (to > 0 && x.status === 200) {
          cache[url] = {ok: true, body: body};
          body = body.subarray(from, to);
        }
      } else {
        err = new Error('HTTP ' + x.status);
        err.status = x.status;
      }
      if (err) { delete cache[key]; } else { e.ok = true; e.body = body; }
      var w = e.waiting;
      e.waiting = [];
      for (var i = 0; i < w.length; i++) { w[i](err, body); }
    };
    x.send();
  }

  // text decodes UTF-8 bytes.
  function text(b) {
    if (window.TextDecoder) { return new TextDecoder('utf-8').decode(b); }
    var s = '';
    for (var i = 0; i < b.length; i += 4096) {
      s += String.fromCharCode.apply(null, b.subarray(i, Math.min(b.length, i + 4096)));
    }
    return decodeURIComponent(escape(s));
  }

  function getJSON(url, from, to, done) {
    get(url, from, to, function (err, b) {
      var v = null;
      if (!err) {
        try {
          v = JSON.parse(text(b));
        } catch (ex) {
          err = ex;
          err.stale = to > 0; // a line out of place: the stores changed
        }
      } else if (err.status === 416) {
        err.stale = true; // a range past the end: the stores changed
      }
      done(err, v);
    });
  }

  // getLengths fetches the byte length of every document's record.
  function getLengths(done) {
    if (meta.offsets) { done(null); return; }
    get(base + 'd/lengths.bin?v=' + meta.version, 0, 0, function (err, b) {
      if (err) { done(err); return; }
      if (!meta.offsets) { // (another caller may have been first)
        var off = [0], pos = 0, x = 0, mul = 1;
        while (pos < b.length) {
          var c = b[pos++];
          x += (c & 127) * mul;
          mul *= 128;
          if (!(c & 128)) { off.push(off[off.length - 1] + x); x = 0; mul = 1; }
        }
        meta.offsets = off;
      }
      done(null);
    });
  }

  // getDoc fetches document number id: its one line of its store, with a
  // Range request.
  function getDoc(id, done) {
    var s = Math.floor(id / meta.store), off = meta.offsets, first = off[s * meta.store];
    getJSON(base + 'd/' + s + '.txt?v=' + meta.version, off[id] - first, off[id + 1] - first, done);
  }

  /* ---- page ---- */

  var box = document.querySelector('[data-search-index]');
  if (!box) { return; }
  var base = box.getAttribute('data-search-index');
  var form = box.querySelector('form'), input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var region = box.querySelector('.search-region');
  var meta = null, gen = 0, state = null;
  var api = window.dunbanSearch = {terms: queryTerms, hash: termHash, search: search, last: null,
    fold: fold, classOf: classOf,
    meta: function () { return meta; },
    // clearCache forgets every fetched file; keepMeta keeps meta.json and
    // lengths.bin, which the page fetches as it loads.
    clearCache: function (keepMeta) {
      cache = {};
      if (!keepMeta) { meta = null; }
    }};

  // metaURL is meta.json's URL; within a minute it stays the same (so the
  // browser may cache it) unless fresh is true.
  function metaURL(fresh) {
    var t = new Date().getTime();
    return base + 'meta.json?t=' + (fresh ? t : Math.floor(t / 60000));
  }

  function pad(n) {
    var s = n.toString(16);
    while (s.length < 3) { s = '0' + s; }
    return s;
  }

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function setStatus(html, isError) {
    status.innerHTML = html;
    status.className = 'search-status' + (isError ? ' search-error' : '');
  }

  function fail(q) {
    region.setAttribute('aria-busy', 'false');
    api.last = {query: q, failed: true};
    setStatus('搜索索引加载失败，请检查网络连接后<button type="button" class="search-retry">重试</button>', true);
    var b = status.querySelector('button');
    b.onclick = function () {
      meta = null; // the site may have been rebuilt meanwhile
      search(q, true);
    };
  }

  function staleError() {
    var e = new Error('index changed');
    e.stale = true;
    return e;
  }

  // search runs query q and shows the first page of results. When the index
  // turns out to have been rebuilt since meta.json was read, it starts over
  // once (again is then true) with everything fetched anew.
  function search(q, again) {
    var my = ++gen, t0 = now(), all = queryTerms(q), terms = all.slice(0, MAX_TERMS);
    terms.phrases = all.phrases;
    list.innerHTML = '';
    more.hidden = true;
    state = null;
    if (!terms.length) {
      setStatus(/\S/.test(q) ? '请输入要搜索的汉字、字母或数字。' : '', false);
      return;
    }
    region.setAttribute('aria-busy', 'true');
    setStatus('正在搜索…', false);
    withMeta(again, function (err) {
      if (my !== gen) { return; }
      if (err) { fail(q); return; }
      var t1 = now();
      var left = 2, postings = null, failed = false;
      function ready(err) {
        if (my !== gen || failed) { return; }
        if (err) {
          failed = true;
          if (err.stale && !again) {
            api.clearCache(false);
            search(q, true);
          } else {
            fail(q);
          }
          return;
        }
        if (--left === 0) { found(postings, t1); }
      }
      getLengths(ready);
      fetchPostings(terms, function (err, p) {
        postings = p;
        ready(err);
      });
    });
    function found(postings, t1) {
      var t2 = now();
      state = rank(q, terms, postings);
      state.again = again;
      state.t0 = t0;
      state.times = {meta: t1 - t0, postings: t2 - t1, rank: now() - t2};
      summary(state);
      showMore();
    }
  }

  function now() {
    return window.performance && performance.now ? performance.now() : new Date().getTime();
  }

  function withMeta(fresh, done) {
    if (meta) { done(null); return; }
    getJSON(metaURL(fresh), 0, 0, function (err, m) {
      if (!err) { meta = m; }
      done(err);
    });
  }

  function fetchPostings(terms, done) {
    var left = terms.length, out = new Array(terms.length), failed = false;
    function one(i) {
      var s = termHash(terms[i]) & (meta.shards - 1);
      get(base + 't/' + pad(s) + '.bin?v=' + meta.version, 0, 0, function (err, buf) {
        if (failed) { return; }
        if (err) { failed = true; done(err); return; }
        out[i] = lookup(buf, terms[i]);
        if (out[i] && out[i].stale) { failed = true; done(staleError()); return; }
        if (--left === 0) { done(null, out); }
      });
    }
    for (var i = 0; i < terms.length; i++) { one(i); }
  }

  // rank scores documents by BM25 over the query terms, with a title boost;
  // documents holding every term come first.
  function rank(q, terms, postings) {
    var n = meta.docs, score = new Float64Array(n), hits = new Uint8Array(n), touched = [];
    for (var i = 0; i < postings.length; i++) {
      var p = postings[i];
      if (!p) { continue; }
      var df = p.ids.length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var j = 0; j < df; j++) {
        var id = p.ids[j], w = p.w[j];
        if (hits[id] === 0) { touched.push(id); }
        hits[id]++;
        score[id] += idf * ((w & 127) / 127 * (K1 + 1) + (w & 128 ? TITLE_BOOST : 0));
      }
    }
    var all = [], some = [];
    for (i = 0; i < touched.length; i++) {
      (hits[touched[i]] === terms.length ? all : some).push(touched[i]);
    }
    function byScore(a, b) {
      return hits[b] - hits[a] || score[b] - score[a] || a - b;
    }
    var partial = all.length === 0;
    var ids = partial ? some : all;
    ids.sort(byScore);
    return {q: q, terms: terms, ids: ids, partial: partial, shown: 0};
  }

  function summary(st) {
    var q = '“' + esc(st.q) + '”';
    if (!st.ids.length) {
      setStatus('没有找到与' + q + '相关的文章。可以换个关键词，或按栏目浏览。', false);
    } else if (st.partial) {
      setStatus('没有同时包含全部关键词的文章；以下 ' + st.ids.length + ' 篇包含部分关键词：', false);
    } else {
      setStatus('找到 ' + st.ids.length + ' 篇与' + q + '相关的文章', false);
    }
  }

  // showMore appends the next page of results, fetching their documents.
  function showMore(then) {
    var st = state, from = st.shown, to = Math.min(st.ids.length, from + PAGE);
    var left = to - from, items = [];
    st.shown = to;
    more.hidden = true;
    if (left === 0) { finish(st); return; }
    for (var i = from; i < to; i++) {
      var li = document.createElement('li');
      li.className = 'search-result';
      li.innerHTML = '<span class="search-loading">加载中…</span>';
      list.appendChild(li);
      items.push(li);
    }
    function one(k) {
      getDoc(st.ids[from + k], function (err, d) {
        if (st !== state) { return; }
        if (err && err.stale && !st.again) {
          api.clearCache(false);
          search(st.q, true);
          return;
        }
        if (err) {
          items[k].innerHTML = '<span class="search-error">这条结果加载失败，请稍后重试。</span>';
        } else {
          items[k].innerHTML = result(d, st);
          if (!st.times.first) { st.times.first = now() - st.t0; }
        }
        if (--left === 0) {
          more.hidden = st.shown >= st.ids.length;
          finish(st);
          if (then) { then(); }
        }
      });
    }
    for (var k = 0; k < items.length; k++) { one(k); }
  }

  function finish(st) {
    region.setAttribute('aria-busy', 'false');
    api.last = {query: st.q, ms: now() - st.t0, times: st.times, results: st.ids.length, shown: st.shown};
  }

  function result(d, st) {
    var h = '<a href="' + esc(d.u) + '">' + mark(d.t, foldString(d.t), 0, d.t.length, st.terms) + '</a>';
    var m = [];
    if (d.s) { m.push(esc(d.s)); }
    if (d.d) {
      var p = d.d.split('-');
      m.push('<time datetime="' + esc(d.d) + '">' + (+p[0]) + '年' + (+p[1]) + '月' + (+p[2]) + '日</time>');
    }
    if (m.length) { h += '<p class="search-meta">' + m.join(' · ') + '</p>'; }
    return h + '<p class="search-snippet">' + snippet(d, st.terms) + '</p>';
  }

  var foldable = /[A-Z\u00C0-\u00DE\u0391-\u03A9\u0400-\u042F\u3000\uFF01-\uFF5E]/g;

  // foldString folds each UTF-16 unit of s; the result lines up with s.
  function foldString(s) {
    return s.replace(foldable, function (ch) { return String.fromCharCode(fold(ch.charCodeAt(0))); });
  }

  // snippet is about 100 characters of the text around the first match,
  // or the summary when the text holds none.
  function snippet(d, terms) {
    var text = d.x || '', f = foldString(text), pos = bestPos(f, terms);
    if (pos < 0) {
      text = d.m || text;
      f = foldString(text);
      pos = 0;
    }
    var start = Math.max(0, pos - 30), end = Math.min(text.length, start + 100);
    start = Math.max(0, Math.min(start, end - 100));
    var stop = Math.max(text.lastIndexOf('。', pos - 1), text.lastIndexOf('！', pos - 1),
      text.lastIndexOf('？', pos - 1), text.lastIndexOf('；', pos - 1));
    if (stop >= start && stop < pos) { // start at the sentence that holds the match
      start = stop + 1;
      end = Math.min(text.length, start + 100);
    }
    if (isLow(text, start)) { start--; }
    if (isLow(text, end)) { end++; }
    return (start > 0 ? '…' : '') + mark(text, f, start, end, terms) + (end < text.length ? '…' : '');
  }

  // bestPos is where in folded text f the 60 characters holding the most
  // distinct query terms start (the first such place), or -1.
  function bestPos(f, terms) {
    var occ = [], i, j;
    for (i = 0; i < terms.length; i++) {
      for (var at = f.indexOf(terms[i]), n = 0; at >= 0 && n < 50; at = f.indexOf(terms[i], at + 1), n++) {
        occ.push([at, i]);
      }
    }
    occ.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var best = -1, bestN = 0;
    for (i = 0; i < occ.length; i++) {
      var seen = {}, n2 = 0;
      for (j = i; j < occ.length && occ[j][0] < occ[i][0] + 60; j++) {
        if (!seen[occ[j][1]]) { seen[occ[j][1]] = true; n2++; }
      }
      if (n2 > bestN) { best = occ[i][0]; bestN = n2; }
    }
    return best;
  }

  function isLow(s, i) {
    var c = s.charCodeAt(i);
    return c >= 0xDC00 && c <= 0xDFFF;
  }

  // mark escapes s[start:end] and wraps the query terms in <mark>; f is s
  // folded. A run of the query found whole is marked whole, not as the
  // overlapping pairs it is made of.
  function mark(s, f, start, end, terms) {
    var on = [], whole = {}, i, j, k;
    function paint(t) {
      var found = false;
      for (var at = f.indexOf(t, Math.max(0, start - t.length + 1)); at >= 0 && at < end; at = f.indexOf(t, at + 1)) {
        found = true;
        for (j = Math.max(at, start); j < Math.min(at + t.length, end); j++) { on[j - start] = true; }
      }
      return found;
    }
    var phrases = terms.phrases || [];
    for (i = 0; i < phrases.length; i++) {
      if (paint(phrases[i])) {
        var parts = queryTerms(phrases[i]);
        for (k = 0; k < parts.length; k++) { whole['$' + parts[k]] = true; }
      }
    }
    for (i = 0; i < terms.length; i++) {
      if (!whole['$' + terms[i]]) { paint(terms[i]); }
    }
    var out = '', open = false;
    for (i = start; i < end; i++) {
      var m = !!on[i - start];
      if (m !== open) { out += m ? '<mark>' : '</mark>'; open = m; }
      out += esc(s.charAt(i));
    }
    return out + (open ? '</mark>' : '');
  }

  function queryFromURL() {
    var m = /[?&]q=([^&#]*)/.exec(location.search);
    if (!m) { return ''; }
    try {
      return decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (e) {
      return '';
    }
  }

  function remember(q) {
    if (window.history && history.replaceState) {
      history.replaceState(null, '', location.pathname + (q ? '?q=' + encodeURIComponent(q) : ''));
    }
  }

  var timer = null;
  form.onsubmit = function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    search(input.value);
  };
  input.oninput = function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(input.value);
      search(input.value);
    }, 300);
  };
  more.onclick = function () {
    if (!state) { return; }
    var st = state, first = st.shown;
    showMore(function () { // keyboard users land on the first new result
      var a = list.children[first] && list.children[first].querySelector('a');
      if (a && st === state) { a.focus(); }
    });
  };
  var q0 = queryFromURL();
  if (q0) {
    input.value = q0;
    search(q0);
  } else {
    // Warm up while the reader types: the first query then fetches only its
    // shards and results.
    withMeta(false, function (err) {
      if (!err) { getLengths(function () {}); }
    });
  }
}());
