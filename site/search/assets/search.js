/* dunban search: queries the sharded index written by site/search.
   Plain ES5, no dependencies; fetches only from our own origin. */
(function () {
  'use strict';

  var PAGE = 10, WAIT = 400, K1 = 1.2, TITLE_BOOST = 1.5, MAX_WORD = 32;
  var MAX_TERMS = 8; // a long query looks up its first terms only, to bound what it downloads
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

  // parts cuts a query into its runs of CJK characters ({cjk: [characters]})
  // and its words of letters or digits ({word: 'abc'}), in order, folded.
  function parts(q) {
    var out = [], run = null, word = '', wn = 0;
    function endWord() {
      if (word !== '') { out.push({word: word}); word = ''; wn = 0; }
    }
    codePoints(q, function (c) {
      c = fold(c);
      var k = classOf(c);
      if (k !== WORD) { endWord(); }
      if (k === CJK) {
        if (!run) { run = {cjk: []}; out.push(run); }
        run.cjk.push(chr(c));
        return;
      }
      run = null;
      if (k === WORD && wn < MAX_WORD) { word += chr(c); wn++; }
    });
    endWord();
    return out;
  }

  // queryTerms lists the distinct index terms of a query, as QueryTerms in
  // tokenize.go does: the bigrams of each CJK run (the character alone for
  // a run of one) and each word.
  function queryTerms(q) {
    var out = [], seen = {}, ps = parts(q);
    function add(t) {
      if (!seen.hasOwnProperty('$' + t)) { seen['$' + t] = true; out.push(t); }
    }
    for (var i = 0; i < ps.length; i++) {
      var r = ps[i].cjk;
      if (!r) { add(ps[i].word); continue; }
      if (r.length === 1) { add(r[0]); }
      for (var j = 1; j < r.length; j++) { add(r[j - 1] + r[j]); }
    }
    return out;
  }

  // plan decides what a query looks up and how its results are judged:
  //   terms:  the index terms to fetch (at most MAX_TERMS): a run of up to six
  //           characters by all its bigrams, a longer one by every other bigram
  //           and its last; each word;
  //   checks: [term, character] pairs that must hold for a document to hold
  //           each run whole: the character follows the bigram there;
  //   units:  what is highlighted when found whole (runs and words);
  //   pieces: the pairs of each run (see pieces), highlighted in partial
  //           matches.
  function plan(q) {
    var ps = parts(q), terms = [], at = {}, checks = [], units = [], i, j;
    function term(t) {
      if (!at.hasOwnProperty('$' + t)) { at['$' + t] = terms.length; terms.push(t); }
      return at['$' + t];
    }
    for (i = 0; i < ps.length; i++) {
      var r = ps[i].cjk;
      if (!r) {
        term(ps[i].word);
        units.push(ps[i].word);
        continue;
      }
      units.push(r.join(''));
      if (r.length === 1) { term(r[0]); continue; }
      var step = r.length > 6 ? 2 : 1;
      for (j = 0; j + 1 < r.length; j += step) {
        var t = term(r[j] + r[j + 1]);
        if (j + 2 < r.length) { checks.push([t, r[j + 2].charCodeAt(0), r[j + 2]]); }
      }
      if (step === 2 && r.length % 2 === 1) { term(r[r.length - 2] + r[r.length - 1]); }
    }
    terms = terms.slice(0, MAX_TERMS);
    var kept = [];
    for (i = 0; i < checks.length; i++) {
      if (checks[i][0] < terms.length) { kept.push(checks[i]); }
    }
    var bits = [];
    for (i = 0; i < units.length; i++) { bits = bits.concat(pieces(units[i])); }
    return {q: q, terms: terms, checks: kept, units: units, pieces: bits};
  }

  /* ---- index files (see shard.go and code.go for their layout) ---- */

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

  // nextBit mirrors builder.go: the bit of character c in the set of the
  // characters that follow a bigram in a document.
  function nextBit(c) {
    return 1 << Math.floor((imul(c, 0x9E3779B1 | 0) >>> 0) * 12 / 4294967296);
  }

  // Reader reads the numbers and values of an index file (code.go).
  function Reader(s) { this.s = s; this.pos = 0; }
  Reader.prototype.num = function () {
    var s = this.s, x = 0, c = s.charCodeAt(this.pos++);
    while (c >= 80 && c < 112) { x = x * 32 + c - 80; c = s.charCodeAt(this.pos++); }
    return c >= 48 && c < 80 ? x * 32 + c - 48 : NaN;
  };
  Reader.prototype.header = function (shards) {
    return this.num() === shards && this.num() === meta.docs ? this.num() : -1;
  };
  // term reads a term and tells whether it is t.
  Reader.prototype.term = function (t) {
    var n = this.num(), match = n === t.length && this.s.substr(this.pos, n) === t;
    this.pos += n;
    return match;
  };

  // lookup finds term t in a postings shard and returns its postings as
  // {ids, w}, or null; or {stale: true} when the shard is of another build
  // than meta.json (the site was rebuilt under the page).
  function lookup(s, t) {
    var r = new Reader(s), n = r.header(isChar(t) ? meta.chars : meta.shards);
    if (n < 0) { return {stale: true}; }
    for (var i = 0; i < n && r.pos < s.length; i++) {
      var match = r.term(t), df = r.num(), len = r.num();
      if (!match) {
        r.pos += len + df;
        continue;
      }
      return postingsAt(s, r.pos, df);
    }
    return null;
  }

  // postingsAt decodes the df document numbers (as gaps) and weights that
  // start at pos in shard s: Reader.num inlined, as this loop runs over
  // thousands of postings before the script has been optimised.
  function postingsAt(s, pos, df) {
    var ids = new Int32Array(df), w = new Uint8Array(df), id = 0, k, x, c;
    for (k = 0; k < df; k++) {
      x = 0;
      c = s.charCodeAt(pos++);
      while (c >= 80 && c < 112) {
        x = x * 32 + c - 80;
        c = s.charCodeAt(pos++);
      }
      if (!(c >= 48 && c < 80)) { return {stale: true}; }
      id += x * 32 + c - 48;
      ids[k] = id;
    }
    for (k = 0; k < df; k++) { w[k] = s.charCodeAt(pos++) - 48; }
    return {ids: ids, w: w};
  }

  // lookupNext finds bigram t in a following-characters file and returns the
  // set of each of its documents, in the order of its postings.
  function lookupNext(s, t) {
    var r = new Reader(s), n = r.header(meta.shards), k, df;
    if (n < 0) { return {stale: true}; }
    for (var i = 0; i < n && r.pos < s.length; i++) {
      var match = r.term(t), len;
      df = r.num();
      len = r.num();
      if (!match) {
        r.pos += len;
        continue;
      }
      var out = new Array(df);
      for (k = 0; k < df; k++) {
        var c = r.num(); // nextCode in shard.go
        out[k] = c === 0 ? 0 : c <= 12 ? 1 << (c - 1) : c - 13;
      }
      return out;
    }
    return null;
  }

  // isChar tells a term of one CJK character, whose postings are in the
  // shards of single characters.
  function isChar(t) {
    var n = 0, k = SEP;
    codePoints(t, function (c) { n++; k = classOf(c); });
    return n === 1 && k === CJK;
  }

  /* ---- fetching, with an in-memory cache ---- */

  var cache = {}, meta = null, base = '';

  // get fetches url once — concurrent callers share the request — and calls
  // done(err, text). Failures are not cached, so a retry fetches again.
  function get(url, done) {
    var e = cache[url];
    if (e && e.ok) { done(null, e.body); return; }
    if (e) { e.waiting.push(done); return; }
    e = cache[url] = {ok: false, waiting: [done]};
    var x = new XMLHttpRequest();
    x.open('GET', url, true);
    // load and error only: a readystatechange handler would run at every
    // state of every file.
    x.onload = x.onerror = function () { settle(url, e, x.status, x.status === 200 ? x.responseText : null); };
    x.send();
  }

  // settle completes cache entry e of url with an HTTP status and body and
  // calls its waiting callbacks.
  function settle(url, e, code, body) {
    var err = null;
    if (code !== 200) {
      err = new Error('HTTP ' + code);
      err.stale = code === 404; // a file the index no longer has
      delete cache[url];
    } else {
      e.ok = true;
      e.body = body;
    }
    var w = e.waiting;
    e.waiting = [];
    for (var i = 0; i < w.length; i++) { w[i](err, body); }
  }

  function staleError() {
    var e = new Error('index changed');
    e.stale = true;
    return e;
  }

  // getDoc fetches document number id: a line of its store file.
  function getDoc(id, done) {
    var s = Math.floor(id / meta.store);
    get(storeURL(id), function (err, body) {
      if (err) { done(err); return; }
      var e = cache['#' + s];
      if (!e) {
        e = cache['#' + s] = body.split('\n');
        e.pop();
      }
      var d = null;
      if (e.length === Math.min(meta.store, meta.docs - s * meta.store)) {
        try {
          d = JSON.parse(e[id - s * meta.store]);
        } catch (ex) {
          d = null;
        }
      }
      if (!d) { done(staleError()); return; }
      done(null, d);
    });
  }

  function storeURL(id) {
    return base + 'd/' + Math.floor(id / meta.store) + '.txt?v=' + meta.version;
  }

  /* ---- a result's markup ---- */

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  // result is the markup of document d as a result of plan pl (partial: it
  // does not hold every run of the query whole).
  function result(d, pl, partial) {
    var h = '<a href="' + esc(d.u) + '">' + mark(d.t, foldString(d.t), 0, d.t.length, pl, partial) + '</a>';
    var m = [];
    if (d.s) { m.push(esc(d.s)); }
    if (d.d) {
      var p = d.d.split('-');
      m.push('<time datetime="' + esc(d.d) + '">' + (+p[0]) + '年' + (+p[1]) + '月' + (+p[2]) + '日</time>');
    }
    if (partial) { m.push('<span class="search-partial">部分匹配</span>'); }
    if (m.length) { h += '<p class="search-meta">' + m.join(' · ') + '</p>'; }
    return h + '<p class="search-snippet">' + snippet(d, pl, partial) + '</p>';
  }

  var foldable = /[A-Z\u00C0-\u00DE\u0391-\u03A9\u0400-\u042F\u3000\uFF01-\uFF5E]/g;

  // foldString folds each UTF-16 unit of s; the result lines up with s.
  function foldString(s) {
    return s.replace(foldable, function (ch) { return String.fromCharCode(fold(ch.charCodeAt(0))); });
  }

  // snippet is about 100 characters of the text from the sentence of the
  // best match, or the summary when the text holds none.
  function snippet(d, pl, partial) {
    var text = d.x || '', f = foldString(text), pos = bestPos(f, pl, partial);
    if (pos < 0 && d.m) {
      text = d.m;
      f = foldString(text);
      pos = Math.max(0, bestPos(f, pl, partial));
    }
    pos = Math.max(0, pos);
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
    return (start > 0 ? '…' : '') + mark(text, f, start, end, pl, partial) + (end < text.length ? '…' : '');
  }

  // bestPos is where in folded text f the 60 characters holding the most
  // distinct parts of the query start (the first such place), or -1. Whole
  // runs and words count; in a partial match, bigrams too.
  function bestPos(f, pl, partial) {
    var occ = [], i, j, terms = partial ? pl.units.concat(pl.pieces) : pl.units;
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

  // mark escapes s[start:end] and wraps the query's runs and words found
  // whole in <mark>; f is s folded. In a partial match, a run not found
  // whole is marked by its bigrams.
  function mark(s, f, start, end, pl, partial) {
    var on = [], i, j, k;
    function paint(t) {
      var found = false;
      for (var at = f.indexOf(t, Math.max(0, start - t.length + 1)); at >= 0 && at < end; at = f.indexOf(t, at + 1)) {
        found = true;
        for (j = Math.max(at, start); j < Math.min(at + t.length, end); j++) { on[j - start] = true; }
      }
      return found;
    }
    for (i = 0; i < pl.units.length; i++) {
      if (!paint(pl.units[i]) && partial) {
        var bits = pieces(pl.units[i]);
        for (k = 0; k < bits.length; k++) { paint(bits[k]); }
      }
    }
    var out = '', open = false;
    for (i = start; i < end; i++) {
      var m = !!on[i - start];
      if (m !== open) { out += m ? '<mark>' : '</mark>'; open = m; }
      out += esc(s.charAt(i));
    }
    return out + (open ? '</mark>' : '');
  }

  // pieces cuts a run of CJK characters into pairs from its start (the last
  // pair overlapping for an odd length), as two-character words mostly are:
  // 主题团日 into 主题 and 团日, not the 主题团 of 主题团课.
  function pieces(run) {
    var r = [], out = [], i, cjk = true;
    codePoints(run, function (c) {
      r.push(chr(c));
      cjk = cjk && classOf(c) === CJK;
    });
    if (r.length < 3 || !cjk) { return [run]; }
    for (i = 0; i + 1 < r.length; i += 2) { out.push(r[i] + r[i + 1]); }
    if (r.length % 2 === 1) { out.push(r[r.length - 2] + r[r.length - 1]); }
    return out;
  }

  var warm = false;

  // warmUp renders a made-up result once, out of the page, while the first
  // query's files are on their way, so that the functions that render the
  // results are already compiled when their data arrives.
  function warmUp(pl) {
    if (warm) { return; }
    warm = true;
    var t = pl.units.join(' '), d = {u: '/', t: t + 'A', s: t, d: '2021-01-01', m: t, x: 'A。' + t};
    result(d, pl, false);
    result(d, pl, true);
  }

  /* ---- the page's Worker: results built where their stores arrive ---- */

  // A page's stores arrive within moments of each other. The page's Worker
  // (this same script) fetches them, builds each result's markup (result)
  // and posts it back as soon as its store is in, so the page's thread only
  // puts it on the list and can draw the first results as soon as their
  // stores are in (see fill). Without a Worker, the page does the same
  // itself (fetchResult).

  // fetcher runs in the worker. A message {items, plan, meta, base} asks for
  // the markup of results ({key, id, partial} each); the worker posts each
  // back as {key, url, html, failed, stale, end}. {warm: plan} compiles the
  // builder while the query's postings are on their way; {clear: true}
  // forgets the fetched stores.
  function fetcher(scope) {
    var p = scope.performance;
    if (p && p.setResourceTimingBufferSize) { p.setResourceTimingBufferSize(10000); }
    scope.onmessage = function (ev) {
      var m = ev.data;
      if (m.clear) { cache = {}; }
      if (m.warm) { warmUp(m.warm); }
      if (!m.items) { return; }
      meta = m.meta;
      base = m.base;
      m.items.forEach(function (it) {
        getDoc(it.id, function (err, d) {
          var url = storeURL(it.id);
          scope.postMessage({key: it.key, url: url, html: d ? result(d, m.plan, it.partial) : '',
            failed: !!err, stale: !!(err && err.stale), end: arrival(p, url)});
        });
      });
    };
  }

  // arrival is when the last byte of url's response arrived, on the epoch
  // clock (for the benchmark's figures), or 0 where the browser cannot say.
  function arrival(p, url) {
    var rs = p && p.getEntriesByName && p.timeOrigin && self.URL ? p.getEntriesByName(new URL(url, self.location.href).href) : [];
    return rs.length ? p.timeOrigin + rs[rs.length - 1].responseEnd : 0;
  }

  if (typeof document === 'undefined') { // loaded as the page's Worker
    fetcher(self);
    return;
  }

  /* ---- page ---- */

  var box = document.querySelector('[data-search-index]');
  if (!box) { return; }
  base = box.getAttribute('data-search-index');
  var form = box.querySelector('form'), input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var region = box.querySelector('.search-region');
  var gen = 0, state = null, storesEnd = 0, worker = null, asked = {}, asks = 0, arrivedAt = {};
  startWorker(document.currentScript && document.currentScript.src);
  var api = window.dunbanSearch = {terms: queryTerms, plan: plan, hash: termHash, nextBit: nextBit,
    search: search, last: null, fold: fold, classOf: classOf,
    meta: function () { return meta; },
    // clearCache forgets every fetched file; keepMeta keeps meta.json.
    clearCache: function (keepMeta) {
      cache = {};
      if (worker) { worker.postMessage({clear: true}); }
      if (!keepMeta) { meta = null; }
    }};

  function startWorker(src) {
    try {
      worker = window.Worker && src ? new Worker(src) : null;
    } catch (ex) {
      worker = null;
    }
    if (!worker) { return; }
    worker.onmessage = function (ev) {
      var f = ev.data, a = asked[f.key];
      delete asked[f.key];
      if (f.end) {
        arrivedAt[f.url] = f.end;
        storesEnd = Math.max(storesEnd, f.end);
      }
      if (a) { got(a.pg, a.k, f.failed ? {stale: f.stale} : null, f.html); }
    };
    worker.onerror = function () { // no worker here: build the results on the page
      worker = null;
      var left = asked;
      asked = {};
      for (var key in left) {
        if (left.hasOwnProperty(key)) { fetchResult(left[key].pg, left[key].k); }
      }
    };
  }

  // askWorker asks the worker for the markup of the results of page pg.
  function askWorker(pg) {
    var st = pg.st, items = [];
    for (var k = 0; k < pg.html.length; k++) {
      asked[++asks] = {pg: pg, k: k};
      items.push({key: asks, id: st.ids[pg.from + k], partial: pg.from + k >= st.exact});
    }
    worker.postMessage({items: items, plan: st.plan, meta: meta, base: base});
  }

  // fetchResult fetches, on the page, the store of result k of page pg and
  // builds the result's markup.
  function fetchResult(pg, k) {
    var st = pg.st, n = pg.from + k;
    getDoc(st.ids[n], function (err, d) {
      got(pg, k, err, d && st === state ? result(d, st.plan, n >= st.exact) : '');
    });
  }

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

  function now() {
    return window.performance && performance.now ? performance.now() : new Date().getTime();
  }

  // search runs query q and shows the first page of results. When the index
  // turns out to have been rebuilt since meta.json was read, it starts over
  // once (again is then true) with everything fetched anew.
  function search(q, again) {
    var my = ++gen, pl = plan(q);
    var st = {q: q, plan: pl, again: again, t0: now(), work: 0, shown: 0};
    storesEnd = 0;
    list.innerHTML = '';
    more.hidden = true;
    state = null;
    if (!pl.terms.length) {
      setStatus(/\S/.test(q) ? '请输入要搜索的汉字、字母或数字。' : '', false);
      return;
    }
    region.setAttribute('aria-busy', 'true');
    setStatus('正在搜索…', false);
    withMeta(again, function (err) {
      if (my !== gen) { return; }
      if (err) { fail(q); return; }
      fetchPostings(pl, st, function (err, postings, nexts) {
        if (my !== gen) { return; }
        if (err) {
          restart(st, err);
          return;
        }
        var t = now();
        rank(st, postings, nexts);
        state = st;
        st.rank = now() - t;
        st.work += st.rank;
        showMore();
      });
    });
  }

  // restart runs the search of st again with a fresh meta.json when err says
  // the index changed, once; otherwise it reports the failure.
  function restart(st, err) {
    if (err.stale && !st.again) {
      api.clearCache(false);
      search(st.q, true);
    } else {
      fail(st.q);
    }
  }

  function withMeta(fresh, done) {
    if (meta) { done(null); return; }
    get(metaURL(fresh), function (err, body) {
      if (!err) {
        try {
          meta = JSON.parse(body);
        } catch (ex) {
          err = ex;
        }
      }
      done(err);
    });
  }

  // fetchPostings fetches the postings of every term of the plan, and the
  // following characters of the bigrams its checks need, all at once.
  function fetchPostings(pl, st, done) {
    var n = pl.terms.length, left = n, postings = new Array(n), nexts = new Array(n), failed = false, i;
    function url(t, next) {
      var h = termHash(t);
      if (isChar(t)) { return base + 't/c' + pad(h & (meta.chars - 1)) + '.txt?v=' + meta.version; }
      return base + 't/' + pad(h & (meta.shards - 1)) + (next ? '.n' : '') + '.txt?v=' + meta.version;
    }
    function got(err, v) {
      if (failed) { return; }
      if (!err && v && v.stale) { err = staleError(); }
      if (err) {
        failed = true;
        done(err);
        return;
      }
      if (--left === 0) {
        st.arrived = now();
        done(null, postings, nexts);
      }
    }
    function one(i) {
      get(url(pl.terms[i], false), function (err, s) {
        var t = now();
        if (!err) { postings[i] = lookup(s, pl.terms[i]); }
        st.work += now() - t;
        got(err, postings[i]);
      });
    }
    function next(i) {
      get(url(pl.terms[i], true), function (err, s) {
        var t = now();
        if (!err) { nexts[i] = lookupNext(s, pl.terms[i]); }
        st.work += now() - t;
        got(err, nexts[i]);
      });
    }
    var need = {};
    for (i = 0; i < pl.checks.length; i++) { need[pl.checks[i][0]] = true; }
    warmGlyphs(); // first in line: the smallest file
    for (i = 0; i < n; i++) {
      one(i);
      if (need[i]) {
        left++;
        next(i);
      }
    }
    if (worker) {
      worker.postMessage({warm: pl});
    } else {
      warmUp(pl);
    }
  }

  var glyphs = false;

  // warmGlyphs fetches, once, the characters results show most often
  // (common.txt, off meta.json's path to the shards) and lays them out in
  // the fonts of a result's title and snippet, unseen and removed at once,
  // while the page waits for the rest: a glyph's first layout in a window
  // costs several times its next ones, so the results then take less of
  // the page's time after their data arrives.
  function warmGlyphs() {
    if (glyphs) { return; }
    glyphs = true;
    get(base + 'common.txt?v=' + meta.version, function (err, s) {
      if (err || !s) { return; }
      var g = esc(s), w = document.createElement('div');
      w.className = 'search-result search-warm';
      w.setAttribute('aria-hidden', 'true');
      w.innerHTML = '<a>' + g + '</a><p class="search-snippet">' + g + '</p>';
      region.appendChild(w);
      w.getBoundingClientRect(); // layout: the text is shaped
      region.removeChild(w);
    });
  }

  // rank scores documents by BM25 over the query terms, with a title boost.
  // Documents holding every term come first: those that also pass every
  // check (they hold each run of the query whole) before the others. If no
  // document holds every term, those holding most of them are listed.
  function rank(st, postings, nexts) {
    var pl = st.plan, n = meta.docs, score = new Float64Array(n), hits = new Uint8Array(n), touched = [];
    var sets = [], i, j;
    for (i = 0; i < postings.length; i++) {
      var p = postings[i];
      if (!p) { continue; }
      var df = p.ids.length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)), ids = p.ids, ws = p.w;
      var of = new Float64Array(16); // the score of each weight
      for (j = 0; j < 16; j++) { of[j] = idf * ((j & 7) / 7 * (K1 + 1) + (j & 8 ? TITLE_BOOST : 0)); }
      for (j = 0; j < df; j++) {
        var id = ids[j];
        if (hits[id] === 0) { touched.push(id); }
        hits[id]++;
        score[id] += of[ws[j] & 15];
      }
      if (nexts[i]) {
        var set = sets[i] = new Uint16Array(n);
        for (j = 0; j < df; j++) { set[p.ids[j]] = nexts[i][j]; }
      }
    }
    var bits = [];
    for (i = 0; i < pl.checks.length; i++) { bits.push(nextBit(pl.checks[i][1])); }
    function whole(id) {
      for (var k = 0; k < bits.length; k++) {
        var set = sets[pl.checks[k][0]];
        if (!set || !(set[id] & bits[k])) { return false; }
      }
      return true;
    }
    var exact = [], all = [], some = [];
    for (i = 0; i < touched.length; i++) {
      var d = touched[i];
      if (hits[d] === pl.terms.length) {
        (whole(d) ? exact : all).push(d);
      } else {
        some.push(d);
      }
    }
    st.exact = exact.length;
    st.partial = exact.length + all.length === 0;
    st.ids = st.partial ? order(some, hits, score) : order(exact, hits, score).concat(order(all, hits, score));
  }

  // order sorts documents by the number of terms they hold, then score, then
  // number (newer first): by one number each, sorted natively where the
  // browser can, which takes a phone a fraction of a comparator's time.
  function order(ids, hits, score) {
    var n = ids.length, M = 1048576, i; // 2^20: more than any score × 1000 or document number
    if (!window.Float64Array || !Float64Array.prototype.sort || n >= M) {
      return ids.sort(function (a, b) { return hits[b] - hits[a] || score[b] - score[a] || a - b; });
    }
    var keys = new Float64Array(n), out = new Array(n);
    for (i = 0; i < n; i++) {
      var d = ids[i];
      keys[i] = -((hits[d] * M + Math.min(M - 1, Math.round(score[d] * 1000))) * M + (M - 1 - d));
    }
    keys.sort();
    for (i = 0; i < n; i++) { out[i] = M - 1 - (-keys[i] % M); }
    return out;
  }

  function summary(st) {
    var q = '“' + esc(st.q) + '”', e = st.exact, p = st.ids.length - e;
    if (!st.ids.length) {
      setStatus('没有找到与' + q + '相关的文章。可以换个关键词，或按栏目浏览。', false);
    } else if (st.partial) {
      setStatus('没有同时包含全部关键词的文章；以下 ' + st.ids.length + ' 篇包含部分关键词：', false);
    } else if (e === 0) {
      setStatus('没有文章包含完整的' + q + '；以下 ' + p + ' 篇部分匹配（包含其中的字词，但不相连）：', false);
    } else if (p === 0) {
      setStatus('找到 ' + e + ' 篇包含' + q + '的文章', false);
    } else {
      setStatus('找到 ' + e + ' 篇包含' + q + '的文章，另有 ' + p + ' 篇部分匹配', false);
    }
  }

  // showMore appends the next page of results, fetching their documents.
  // A query's first page shows its results as their documents arrive, in
  // order, until they fill the screen (fill); the others, and every later
  // page, go in in one piece once all have arrived (one parse, one layout),
  // or as far as they have WAIT ms after they were first waited for (rest).
  function showMore(then) {
    var st = state, from = st.shown, to = Math.min(st.ids.length, from + PAGE), k;
    st.shown = to;
    more.hidden = true;
    if (to === from) {
      summary(st);
      finish(st);
      return;
    }
    var pg = {st: st, from: from, html: new Array(to - from), left: to - from, done: 0, timer: null,
      then: then, urls: [], phase: from === 0 && window.requestAnimationFrame ? SCREEN : REST};
    for (k = from; k < to; k++) { pg.urls.push(storeURL(st.ids[k])); }
    if (worker) {
      askWorker(pg);
      return;
    }
    for (k = 0; k < pg.urls.length; k++) { fetchResult(pg, k); } // a cached store calls back at once
  }

  var SCREEN = 1, HELD = 2, REST = 3; // the phases of a page of results

  // got takes in the markup of result k of page pg (or its error) and shows
  // what the page's phase allows.
  function got(pg, k, err, html) {
    var st = pg.st;
    if (st !== state) { return; }
    if (err && err.stale && !st.again) {
      clearTimeout(pg.timer);
      restart(st, err);
      return;
    }
    pg.html[k] = err ? null : html;
    pg.left--;
    if (pg.phase === SCREEN) { fill(pg); }
    if (pg.phase === REST) { rest(pg); }
  }

  // fill puts the first page's results on the list as they arrive, in order
  // (each built where its store arrived), while the list has not reached the window's
  // bottom (at least two): the reader's first screen, measured at the
  // results' real heights as it fills, is drawn as soon as its own documents
  // are in, without the results below it, whose Chinese text would take as
  // long again to lay out (glyphs not yet drawn in the window). The rest
  // follow in the task after that screen's frame.
  function fill(pg) {
    var st = pg.st, bottom = window.innerHeight || document.documentElement.clientHeight;
    while (pg.done < pg.html.length && (pg.done < 2 || list.getBoundingClientRect().bottom < bottom)) {
      if (pg.html[pg.done] === undefined) { return; } // still on its way
      add(pg, pg.done + 1);
    }
    pg.phase = HELD;
    st.onScreen = pg.done;
    for (var k = 0; k < pg.done; k++) { st.screenData = Math.max(st.screenData || 0, arrivedAt[pg.urls[k]] || 0); }
    afterFrame(function () {
      if (st !== state) { return; }
      st.screen = now();
      pg.phase = REST;
      rest(pg);
    });
  }

  // rest adds the page's results not yet shown once all have arrived, and
  // completes the page; until then, WAIT ms after it first waits, those
  // that have arrived in order.
  function rest(pg) {
    if (pg.left === 0) {
      clearTimeout(pg.timer);
      add(pg, pg.html.length);
      complete(pg);
    } else if (!pg.timer) {
      pg.timer = setTimeout(function () {
        if (pg.st === state) { add(pg, pg.html.length); }
      }, WAIT);
    }
  }

  // add puts the results of page pg that have arrived, in order, up to
  // number n (not included) on the list in one piece; the summary goes with
  // the query's first.
  function add(pg, n) {
    var st = pg.st, t = now(), h = '';
    for (; pg.done < n && pg.html[pg.done] !== undefined; pg.done++) {
      var r = pg.html[pg.done];
      h += '<li class="search-result">' + (r !== null ? r : '<span class="search-error">这条结果加载失败，请稍后重试。</span>') + '</li>';
    }
    if (!h) { return; }
    if (!st.first) {
      summary(st);
      st.first = now() - st.t0;
    }
    list.insertAdjacentHTML('beforeend', h);
    st.work += now() - t;
  }

  // complete runs once the whole page is in the list.
  function complete(pg) {
    var st = pg.st;
    if (!st.page) { st.page = now() - st.arrived; }
    more.hidden = st.shown >= st.ids.length;
    finish(st);
    painted(st);
    if (pg.then) { pg.then(); }
  }

  function afterFrame(f) {
    requestAnimationFrame(function () { setTimeout(f, 0); });
  }

  function finish(st) {
    region.setAttribute('aria-busy', 'false');
    api.last = {query: st.q, ms: now() - st.t0,
      times: {start: st.t0, first: st.first || 0, work: st.work, rank: st.rank, page: st.page || 0,
        stores: storesEnd && performance.timeOrigin ? storesEnd - performance.timeOrigin : 0,
        screenStores: st.screenData && performance.timeOrigin ? st.screenData - performance.timeOrigin : 0},
      results: st.ids.length, exact: st.exact, shown: st.shown, onScreen: st.onScreen || st.shown,
      firstStore: st.ids.length ? storeURL(st.ids[0]) : ''};
  }

  // painted notes in api.last.times when the frame showing the first page
  // has been drawn (painted: the task after the next animation frame) and
  // when the frame showing its results on the first screen had been
  // (screen: the same unless append held results back for a frame).
  function painted(st) {
    var l = api.last;
    if (st.shown > PAGE || !window.requestAnimationFrame) { return; }
    afterFrame(function () {
      l.times.painted = now();
      l.times.screen = st.screen || l.times.painted;
    });
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
      if (!err) { warmGlyphs(); }
    });
  }
}());
