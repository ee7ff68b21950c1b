// report.html's script (issue 19): the map (Leaflet, canvas renderer: no WebGL needed), search,
// a page per park and the charts (ECharts). It reads the JSON that html.cpp writes into
// <script id="landeff-data">; nothing is fetched. window.landeffReport exposes the state the
// browser tests (tests/web/) look at.
(function () {
'use strict';

// The data: JSON, deflated (zlib) and in base64, so that a 20 000-parcel city stays a few MB;
// the browser's DecompressionStream inflates it (Chromium 80+, Firefox 113+, Safari 16.4+).
function load() {
  var el = document.getElementById('landeff-data');
  var text = el.textContent.trim();
  if (el.dataset.encoding !== 'deflate-base64') return Promise.resolve(JSON.parse(text));
  if (typeof DecompressionStream === 'undefined')
    return Promise.reject(new Error('此浏览器不支持 DecompressionStream，请用较新的 Chrome、Edge、Firefox 或 360 极速浏览器打开。'));
  var bin = atob(text), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).text().then(JSON.parse);
}

function main(D) {
  performance.mark('landeff:data');  // the data are decoded (the README's load-time figures)
  var S = D.schema || {};

  // ---- data ----
  function objects(t) {
    var out = [];
    if (!t || !t.rows) return out;
    for (var i = 0; i < t.rows.length; i++) {
      var o = { _i: i };
      for (var k = 0; k < t.cols.length; k++) o[t.cols[k]] = t.rows[i][k];
      out.push(o);
    }
    return out;
  }
  var parks = objects(D.parks), parcels = objects(D.parcels), ents = objects(D.enterprises);
  var unsup = objects(D.unsupplied), region = objects(D.region)[0] || {};
  var parkById = {}, parcelById = {}, entById = {};
  parks.forEach(function (p) { parkById[p.park_id] = p; });
  parcels.forEach(function (p) { parcelById[p.parcel_id] = p; });
  ents.forEach(function (e) { entById[e.ent_id] = e; });
  var classes = D.classes || {};
  function classOf(kind, code) {
    var list = classes[kind] || [];
    for (var i = 0; i < list.length; i++) if (list[i].code === code) return list[i];
    return null;
  }

  // ---- formatting: thousands separators, 2 decimals, % for a fraction, Chinese labels ----
  var nf2 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var nf0 = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function field(layer, name) { return (S[layer] || {})[name] || {}; }
  function alias(layer, name) { return field(layer, name).alias || name; }
  function fmt(layer, name, v) {
    if (v === null || v === undefined || v === '') return '—';
    var d = field(layer, name);
    if (d.labels && typeof v === 'string') return d.labels[v] || v;
    if (typeof v !== 'number') return String(v);
    if (d.unit === '1') return nf2.format(v * 100) + '%';
    if (d.type === 'int') return nf0.format(v);
    return nf2.format(v);
  }
  // An explanation list ("a; b; c" or lines) as list items.
  function reasons(text) {
    if (!text) return '<p class=note>无</p>';
    var parts = String(text).split(/\n|；|; /).filter(function (s) { return s.trim() !== ''; });
    return '<ul class=reasons>' + parts.map(function (s) { return '<li>' + esc(s.trim()) + '</li>'; }).join('') + '</ul>';
  }
  function figureRows(layer, o, names) {
    return names.filter(function (n) { return n in o; }).map(function (n) {
      return '<tr data-field="' + n + '"><th>' + esc(alias(layer, n)) + '</th><td class=n>' + esc(fmt(layer, n, o[n])) + '</td></tr>';
    }).join('');
  }
  function parkName(id) { return id && parkById[id] ? parkById[id].name + '（' + id + '）' : (id || '园区外'); }

  // ---- links to the files beside the report ----
  var links = document.getElementById('links');
  if (!(D.links || []).length) links.style.display = 'none';
  (D.links || []).forEach(function (l) {
    var a = document.createElement('a');
    a.href = l.href; a.textContent = l.label;
    links.appendChild(a);
    links.appendChild(document.createTextNode(' '));
  });

  // ---- the map ----
  var M = D.map || {};
  var map = null, home = null, layers = { parcel: {}, park: {}, unsup: {} }, highlighted = null, colourBy = 'state';
  var taxBreaks = [];
  var taxColours = ['#f7fcb9', '#addd8e', '#78c679', '#31a354', '#006837'];
  function latlngs(g) {
    return g.map(function (poly) {
      return poly.map(function (r) {
        var a = [];
        for (var i = 0; i < r.length; i += 2) a.push([r[i + 1], r[i]]);
        return a;
      });
    });
  }
  function parcelColour(p) {
    if (colourBy === 'state') { var c = classOf('state', p.state); return c ? c.color : '#999999'; }
    if (colourBy === 'grade') { var g = classOf('grade', p.grade); return g ? g.color : '#cccccc'; }
    if (p.mu_tax === null || p.mu_tax === undefined) return '#cccccc';
    var k = 0;
    while (k < taxBreaks.length && p.mu_tax > taxBreaks[k]) k++;
    return taxColours[Math.min(k, taxColours.length - 1)];
  }
  function parcelStyle(p) {
    return { color: '#445', weight: 0.6, fillColor: parcelColour(p), fillOpacity: 0.85 };
  }
  function legend() {
    var el = document.getElementById('legend'), h = '';
    function sw(c, t) { return '<div><span class=sw style="background:' + c + '"></span>' + esc(t) + '</div>'; }
    if (!M.parcels) { el.innerHTML = ''; return; }
    if (colourBy === 'mu_tax') {
      h += '<b>亩均税收（万元/亩）</b>';
      var lo = null;
      for (var i = 0; i < taxColours.length; i++) {
        var hi = i < taxBreaks.length ? taxBreaks[i] : null;
        h += sw(taxColours[i], (lo === null ? '≤ ' : nf2.format(lo) + ' – ') + (hi === null ? '以上' : nf2.format(hi)));
        lo = hi;
        if (hi === null) break;
      }
      h += sw('#cccccc', '无数据');
    } else {
      var kind = colourBy === 'state' ? 'state' : 'grade';
      h += '<b>' + (kind === 'state' ? '土地状态' : '企业评价等级') + '</b>';
      (classes[kind] || []).forEach(function (c) { h += sw(c.color, c.zh); });
    }
    h += '<b>园区（平台分类）</b>';
    (classes.category || []).forEach(function (c) { h += '<div><span class=sw style="background:none;border:2px solid ' + c.color + '"></span>' + esc(c.zh) + '</div>'; });
    h += '<div><span class=sw style="background:#7f3b08;opacity:.5"></span>批而未供</div>';
    el.innerHTML = h;
  }
  function quantiles(values, n) {
    values = values.filter(function (v) { return v !== null && v !== undefined; }).sort(function (a, b) { return a - b; });
    var out = [];
    if (!values.length) return out;
    for (var k = 1; k < n; k++) {
      var v = values[Math.min(values.length - 1, Math.floor(k * values.length / n))];
      if (!out.length || v > out[out.length - 1]) out.push(v);
    }
    return out;
  }

  function initMap() {
    var note = document.getElementById('map-note');
    if (!M.on || typeof L === 'undefined') {
      document.getElementById('map').textContent = '无地图：输出没有可用的坐标系。';
      return;
    }
    var renderer = L.canvas({ padding: 0.3 });
    map = L.map('map', { renderer: renderer, preferCanvas: true, zoomSnap: 0.25, maxZoom: 22, attributionControl: true, zoomControl: false });
    L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
    map.attributionControl.setPrefix('Leaflet | landeff');
    // The view first, from the coordinates: layers added afterwards are projected once, not
    // again when the view changes (20 000 parcels: seconds saved).
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    [D.parks, D.unsupplied, M.parcels ? D.parcels : null].forEach(function (t) {
      ((t && t.geom) || []).forEach(function (g) {
        if (!g) return;
        g.forEach(function (poly) {
          var r = poly[0];
          for (var i = 0; i < r.length; i += 2) {
            if (r[i] < x0) x0 = r[i];
            if (r[i] > x1) x1 = r[i];
            if (r[i + 1] < y0) y0 = r[i + 1];
            if (r[i + 1] > y1) y1 = r[i + 1];
          }
        });
      });
    });
    if (x1 >= x0) home = [[y0, x0], [y1, x1]];
    if (home) map.fitBounds(home, { padding: [10, 10], animate: false });
    else map.setView([30, 120], 10);
    parks.forEach(function (p, i) {
      var g = D.parks.geom && D.parks.geom[i];
      if (!g) return;
      var c = classOf('category', p.category);
      var lyr = L.polygon(latlngs(g), {
        renderer: renderer, color: c ? c.color : '#2b6cb0', weight: 2.5, fillColor: c ? c.color : '#2b6cb0', fillOpacity: 0.08
      }).addTo(map);
      lyr.bindTooltip(String(p.name || p.park_id), { permanent: true, direction: 'center', className: 'park-label' });
      lyr.on('click', function () { select('park', p.park_id, { zoom: false }); });
      layers.park[p.park_id] = lyr;
    });
    unsup.forEach(function (u, i) {
      var g = D.unsupplied.geom && D.unsupplied.geom[i];
      if (!g) return;
      var lyr = L.polygon(latlngs(g), { renderer: renderer, color: '#7f3b08', weight: 1, dashArray: '4 3', fillColor: '#7f3b08', fillOpacity: 0.45 }).addTo(map);
      lyr.on('click', function () { select('unsup', u.appr_id + '\u0000' + u._i, { zoom: false }); });
      layers.unsup[u.appr_id + '\u0000' + u._i] = lyr;
    });
    if (M.parcels) {
      taxBreaks = quantiles(parcels.map(function (p) { return p.mu_tax; }), 5);
      parcels.forEach(function (p, i) {
        var g = D.parcels.geom && D.parcels.geom[i];
        if (!g) return;
        var lyr = L.polygon(latlngs(g), Object.assign({ renderer: renderer }, parcelStyle(p))).addTo(map);
        lyr.on('click', function () { select('parcel', p.parcel_id, { zoom: false }); });
        layers.parcel[p.parcel_id] = lyr;
        });
      note.textContent = '地图显示全部 ' + nf0.format(M.n_parcels) + ' 宗地；图形为显示而简化（容差约 ' + nf2.format(M.simplify_m) + ' 米），面积与指标按原图形计算。';
    } else {
      document.getElementById('colour-by').disabled = true;
      note.textContent = '宗地数 ' + nf0.format(M.n_parcels) + ' 超过设置 html.map_max_parcels（' + nf0.format(M.max_parcels) +
        '），为保持本文件小巧、打开迅速，地图只显示园区与批而未供地块；闲置、低效等宗地仍可搜索并在园区页列出，全部宗地见 report.xlsx 与 landeff.gpkg。';
    }
    L.control.scale({ imperial: false }).addTo(map);
    legend();
    document.querySelectorAll('#colour-by input').forEach(function (r) {
      r.addEventListener('change', function () {
        colourBy = r.value;
        parcels.forEach(function (p) { var l = layers.parcel[p.parcel_id]; if (l) l.setStyle(parcelStyle(p)); });
        if (highlighted) highlight(highlighted.kind, highlighted.id);
        legend();
      });
    });
  }

  function highlight(kind, id) {
    if (highlighted) {
      var old = layers[highlighted.kind][highlighted.id];
      if (old) {
        if (highlighted.kind === 'parcel') old.setStyle(parcelStyle(parcelById[highlighted.id]));
        else if (highlighted.kind === 'park') old.setStyle({ weight: 2.5, dashArray: null });
        else old.setStyle({ weight: 1, color: '#7f3b08' });
      }
    }
    highlighted = { kind: kind, id: id };
    var l = layers[kind][id];
    if (l) { l.setStyle({ color: '#00b7ff', weight: kind === 'park' ? 5 : 3 }); if (kind !== 'park') l.bringToFront(); }
  }

  // ---- the info panel: a feature's figures and the reasons in Chinese ----
  function rowLink(id) {
    return '<button class=link data-row="' + esc(id) + '">在明细表中查看</button>';
  }
  function infoParcel(p) {
    var st = classOf('state', p.state);
    var e = entById[p.ent_id];
    var h = '<h3>宗地 ' + esc(p.parcel_id) + '</h3>';
    h += '<p>土地状态：<span class=tag id="info-state" style="background:' + (st ? st.color : '#999') + '">' + esc(fmt('parcels', 'state', p.state)) + '</span></p>';
    h += '<table><tbody>';
    h += '<tr><th>所在园区</th><td>' + esc(parkName(p.park_id)) + '</td></tr>';
    h += '<tr><th>企业</th><td>' + esc(e ? e.name + '（' + p.ent_id + '）' : (p.ent_id || '—')) + '</td></tr>';
    h += figureRows('parcels', p, ['area_mu', 'mu_output', 'mu_tax', 'inv_int', 'far', 'coverage', 'grade', 'idle_yrs', 'idle_fee', 'recover', 'compliant']);
    h += '</tbody></table><b>判定依据（' + esc(alias('parcels', 'tests')) + '）</b><div id="info-reasons">' + reasons(p.tests) + '</div>';
    if (p.violations) h += '<b>' + esc(alias('parcels', 'violations')) + '</b>' + reasons(p.violations);
    return h + rowLink(p.parcel_id);
  }
  function infoPark(p) {
    var c = classOf('category', p.category);
    var h = '<h3>园区 ' + esc(p.name) + '（' + esc(p.park_id) + '）</h3>';
    h += '<p>平台分类：<span class=tag style="background:' + (c ? c.color : '#999') + '">' + esc(fmt('parks', 'category', p.category)) + '</span></p><table><tbody>';
    h += figureRows('parks', p, ['level', 'land_mu', 'mu_output', 'mu_tax', 'inv_int', 'far', 'supply_rt', 'idle_mu', 'ineff_mu', 'unsup_mu', 'score']);
    h += '</tbody></table><b>说明</b>' + reasons(p.reasons);
    return h + '<a href="#park/' + encodeURIComponent(p.park_id) + '">打开园区页</a> ' + rowLink(p.park_id);
  }
  function infoEnt(e) {
    var h = '<h3>企业 ' + esc(e.name || '') + '</h3><table><tbody><tr><th>' + esc(alias('enterprises', 'ent_id')) + '</th><td>' + esc(e.ent_id) + '</td></tr>';
    h += figureRows('enterprises', e, ['scale', 'land_mu', 'mu_tax', 'mu_va', 'score', 'rank', 'grade', 'n_parcels']);
    h += '</tbody></table><b>评价说明</b>' + reasons(e.why);
    var own = parcels.filter(function (p) { return p.ent_id === e.ent_id; });
    if (own.length) h += '<b>宗地</b><ul class=reasons>' + own.map(function (p) {
      return '<li><button class=link data-parcel="' + esc(p.parcel_id) + '">' + esc(p.parcel_id) + '</button> ' + esc(fmt('parcels', 'state', p.state)) + '</li>';
    }).join('') + '</ul>';
    return h + rowLink(e.ent_id);
  }
  function infoUnsup(u) {
    var h = '<h3>批而未供 ' + esc(u.appr_id) + '</h3><table><tbody><tr><th>所在园区</th><td>' + esc(parkName(u.park_id)) + '</td></tr>';
    h += figureRows('unsupplied', u, ['area_mu', 'appr_mu', 'sup_mu', 'age_yrs', 'old', 'batch', 'doc_no']);
    return h + '</tbody></table>' + rowLink(u.appr_id);
  }
  var info = document.getElementById('info');
  info.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t.dataset && t.dataset.row) { var tr = highlightRows(t.dataset.row); if (tr) tr.scrollIntoView({ block: 'center' }); }
    if (t.dataset && t.dataset.parcel) select('parcel', t.dataset.parcel, { zoom: true });
  });

  // Rows whose first cell is `id` in the tables (the idle, inefficient, parks, enterprises, … lists).
  function highlightRows(id) {
    document.querySelectorAll('tr.hl').forEach(function (tr) { tr.classList.remove('hl'); });
    var first = null;
    document.querySelectorAll('#tables table tbody tr').forEach(function (tr) {
      if (tr.cells.length && tr.cells[0].textContent === id) { tr.classList.add('hl'); if (!first) first = tr; }
    });
    return first;
  }

  // Selects a feature: its figures in the panel, highlighted on the map (zoomed to it) and in the tables.
  function select(kind, id, opt) {
    opt = opt || {};
    var o, h, target = null;
    if (kind === 'parcel') {
      o = parcelById[id]; if (!o) return false;
      h = infoParcel(o);
      target = layers.parcel[id] || layers.park[o.park_id] || null;
    } else if (kind === 'park') {
      o = parkById[id]; if (!o) return false;
      h = infoPark(o); target = layers.park[id] || null;
    } else if (kind === 'ent') {
      o = entById[id]; if (!o) return false;
      h = infoEnt(o);
      var b = L.latLngBounds([]);
      parcels.forEach(function (p) {
        if (p.ent_id !== id) return;
        var l = layers.parcel[p.parcel_id] || layers.park[p.park_id];
        if (l) b.extend(l.getBounds());
      });
      if (b.isValid()) target = { getBounds: function () { return b; } };
    } else if (kind === 'unsup') {
      o = unsup.filter(function (u) { return u.appr_id + '\u0000' + u._i === id; })[0];
      if (!o) return false;
      h = infoUnsup(o); target = layers.unsup[id] || null;
    }
    info.innerHTML = h;
    info.dataset.kind = kind;
    info.dataset.id = kind === 'unsup' ? o.appr_id : id;
    if (map && layers[kind] && layers[kind][id]) highlight(kind, id);
    var rowId = kind === 'unsup' ? o.appr_id : id;
    highlightRows(rowId);
    if (map && opt.zoom && target) {
      map.fitBounds(target.getBounds(), { maxZoom: 18, padding: [40, 40], animate: false });
      document.getElementById('map-sec').scrollIntoView();
    }
    return true;
  }

  // ---- search: 宗地代码, enterprise name or credit code, park name or code ----
  var q = document.getElementById('q'), qres = document.getElementById('q-results');
  function matches(text) {
    var t = text.trim().toLowerCase(), out = [];
    if (!t) return out;
    function add(kind, id, label, exact) { out.push({ kind: kind, id: id, label: label, exact: exact }); }
    parks.forEach(function (p) {
      var id = String(p.park_id).toLowerCase(), nm = String(p.name || '').toLowerCase();
      if (id === t || nm === t) add('park', p.park_id, p.name + '（' + p.park_id + '）', true);
      else if (id.indexOf(t) >= 0 || nm.indexOf(t) >= 0) add('park', p.park_id, p.name + '（' + p.park_id + '）', false);
    });
    parcels.forEach(function (p) {
      var id = String(p.parcel_id).toLowerCase();
      if (id === t) add('parcel', p.parcel_id, p.parcel_id, true);
      else if (id.indexOf(t) >= 0) add('parcel', p.parcel_id, p.parcel_id, false);
    });
    ents.forEach(function (e) {
      var id = String(e.ent_id).toLowerCase(), nm = String(e.name || '').toLowerCase();
      if (id === t || nm === t) add('ent', e.ent_id, (e.name || '') + '（' + e.ent_id + '）', true);
      else if (id.indexOf(t) >= 0 || nm.indexOf(t) >= 0) add('ent', e.ent_id, (e.name || '') + '（' + e.ent_id + '）', false);
    });
    out.sort(function (a, b) { return (b.exact ? 1 : 0) - (a.exact ? 1 : 0); });
    return out;
  }
  var kindNames = { park: '园区', parcel: '宗地', ent: '企业' };
  function showResults() {
    var m = matches(q.value);
    if (!q.value.trim()) { qres.classList.remove('open'); qres.innerHTML = ''; return m; }
    qres.innerHTML = m.length ? m.slice(0, 30).map(function (r) {
      return '<button type=button data-kind="' + r.kind + '" data-id="' + esc(r.id) + '"><span class=kind>' + kindNames[r.kind] + '</span>' + esc(r.label) + '</button>';
    }).join('') + (m.length > 30 ? '<p class=note>另有 ' + (m.length - 30) + ' 项，请输入更完整的名称或代码</p>' : '') : '<p class=note>&nbsp;未找到</p>';
    qres.classList.add('open');
    return m;
  }
  var timer = null;
  q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(showResults, 120); });
  document.getElementById('search').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var m = showResults();
    if (m.length) { select(m[0].kind, m[0].id, { zoom: true }); qres.classList.remove('open'); }
  });
  qres.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) return;
    select(b.dataset.kind, b.dataset.id, { zoom: true });
    qres.classList.remove('open');
  });

  // ---- the park list beside the map ----
  var plist = document.getElementById('park-list');
  parks.forEach(function (p) {
    var li = document.createElement('li');
    li.textContent = p.name + '（' + p.park_id + '）';
    li.dataset.park = p.park_id;
    li.addEventListener('click', function () { select('park', p.park_id, { zoom: true }); });
    plist.appendChild(li);
  });

  // ---- a page per park ----
  var toc = document.getElementById('park-toc'), page = document.getElementById('park-page');
  parks.forEach(function (p) {
    var a = document.createElement('a');
    a.href = '#park/' + encodeURIComponent(p.park_id);
    a.textContent = p.name + '（' + p.park_id + '）';
    a.dataset.park = p.park_id;
    toc.appendChild(a);
  });
  // The parcels a park page lists: late (start or completion), idle, inefficient.
  var idleStates = { overdue: 1, done_overdue: 1, idle: 1, idle_gov: 1, inefficient: 1 };
  function table(head, body) { return '<table><thead><tr>' + head.map(function (h) { return '<th>' + esc(h) + '</th>'; }).join('') + '</tr></thead><tbody>' + body + '</tbody></table>'; }
  function parkPage(id) {
    var p = parkById[id];
    if (!p) return;
    toc.querySelectorAll('a').forEach(function (a) { a.classList.toggle('current', a.dataset.park === id); });
    var pre = 'pp-' + id.replace(/[^A-Za-z0-9_-]/g, '_') + '-';
    var h = '<article class=park-page data-park="' + esc(id) + '"><h3>' + esc(p.name) + '（' + esc(id) + '）</h3>';
    h += '<p class=toc><a href="#' + pre + 'facts">关键指标</a><a href="#' + pre + 'states">土地状态</a><a href="#' + pre + 'ents">企业等级</a>' +
      '<a href="#' + pre + 'parcels">逾期、闲置与低效宗地</a><a href="#' + pre + 'score">集约利用评价</a><a href="#' + pre + 'class">平台分类</a>' +
      ' <button class=link data-zoom="' + esc(id) + '">在地图上查看</button></p>';
    // Key figures beside the region's.
    var figs = ['area_mu', 'land_mu', 'output', 'tax', 'mu_output', 'mu_tax', 'mu_va', 'inv_int', 'far', 'coverage', 'appr_mu', 'unsup_mu', 'supply_rt', 'idle_mu', 'ineff_mu', 'later_mu'];
    h += '<h4 id="' + pre + 'facts">关键指标（与全区对比）</h4>';
    h += table(['指标', '本园区', '全区'], figs.filter(function (f) { return f in p; }).map(function (f) {
      return '<tr data-field="' + f + '"><td>' + esc(alias('parks', f)) + '</td><td class="n park">' + esc(fmt('parks', f, p[f])) +
        '</td><td class="n region">' + (f in region ? esc(fmt('region', f, region[f])) : '—') + '</td></tr>';
    }).join(''));
    // Land states: parcel counts (the park's figures) and areas (parcels by the park holding most of them).
    var sm = (D.state_mu || {})[id] || {};
    var nField = { not_supplied: 'n_notsup', unused_due: 'n_unused', overdue: 'n_overdue', done_overdue: 'n_doneod', idle: 'n_idle', idle_gov: 'n_idlegov', inefficient: 'n_ineff', normal: 'n_normal', no_data: 'n_nodata' };
    h += '<h4 id="' + pre + 'states">土地状态</h4>' + table(['土地状态', '宗地数', '面积(亩)'], (classes.state || []).map(function (c) {
      var n = nField[c.code] ? p[nField[c.code]] : null;
      return '<tr data-state="' + c.code + '"><td><span class=sw style="display:inline-block;width:10px;height:10px;background:' + c.color + '"></span> ' + esc(c.zh) +
        '</td><td class=n>' + (n === null || n === undefined ? '—' : nf0.format(n)) + '</td><td class=n>' + nf2.format(sm[c.code] || 0) + '</td></tr>';
    }).join('')) + '<p class=note>面积按宗地所在园区（宗地面积最大部分所在的园区）汇总。</p>';
    // Enterprises by grade.
    var mine = ((D.park_ents || {})[id] || []).map(function (e) { return entById[e]; }).filter(Boolean);
    h += '<h4 id="' + pre + 'ents">企业（按评价等级）</h4>';
    var byGrade = (classes.grade || []).map(function (c) {
      var list = mine.filter(function (e) { return e.grade === c.code; });
      return list.length ? '<p><b>' + esc(c.zh) + '</b>（' + list.length + ' 家）</p>' + table(['企业代码', '企业名称', '用地面积(亩)', '亩均税收(万元/亩)', '综合评价得分', '排名'],
        list.map(function (e) {
          return '<tr><td>' + esc(e.ent_id) + '</td><td>' + esc(e.name || '') + '</td><td class=n>' + fmt('enterprises', 'land_mu', e.land_mu) +
            '</td><td class=n>' + fmt('enterprises', 'mu_tax', e.mu_tax) + '</td><td class=n>' + fmt('enterprises', 'score', e.score) + '</td><td class=n>' + fmt('enterprises', 'rank', e.rank) + '</td></tr>';
        }).join('')) : '';
    }).join('');
    h += byGrade || '<p class=note>园区内没有企业用地。</p>';
    // Idle and inefficient parcels with their reasons.
    var bad = parcels.filter(function (q2) { return q2.park_id === id && idleStates[q2.state]; });
    h += '<h4 id="' + pre + 'parcels">逾期、闲置与低效宗地</h4>' + (bad.length ? table(['宗地代码', '土地状态', '面积(亩)', '企业', '原因'], bad.map(function (q2) {
      return '<tr data-parcel="' + esc(q2.parcel_id) + '"><td><button class=link data-parcel="' + esc(q2.parcel_id) + '">' + esc(q2.parcel_id) + '</button></td><td>' +
        esc(fmt('parcels', 'state', q2.state)) + '</td><td class=n>' + fmt('parcels', 'area_mu', q2.area_mu) + '</td><td>' +
        esc(entById[q2.ent_id] ? entById[q2.ent_id].name : (q2.ent_id || '')) + '</td><td>' + reasons([q2.tests, q2.violations].filter(Boolean).join('\n')) + '</td></tr>';
    }).join('')) : '<p class=note>无。</p>');
    // TD/T 1029 score and its indicators.
    var groups = { degree: '土地利用状况', structure: '用地结构状况', intensity: '土地利用强度', benefit: '产业用地投入产出效益', management: '土地利用监管绩效' };
    h += '<h4 id="' + pre + 'score">集约利用评价（TD/T 1029）</h4><p>评价分值：<b class=score>' + esc(fmt('parks', 'score', p.score)) + '</b>　开发区类型：' + esc(fmt('parks', 'zone_type', p.zone_type)) + '</p>';
    h += table(['指标', '类别', '现状值'], (D.tdt || []).map(function (t) {
      return '<tr data-field="' + t.field + '"><td>' + esc(t.label) + '</td><td>' + esc(groups[t.group] || t.group) + '</td><td class=n>' + esc(fmt('parks', t.field, p[t.field])) + '</td></tr>';
    }).join('')) + '<b>评价说明</b>' + reasons(p.score_why);
    // Platform classification.
    var c = classOf('category', p.category);
    h += '<h4 id="' + pre + 'class">平台分类</h4><p>分类：<span class=tag style="background:' + (c ? c.color : '#999') + '">' + esc(fmt('parks', 'category', p.category)) +
      '</span>　整合角色：' + esc(fmt('parks', 'role', p.role)) + (p.host_id ? '　托管主体：' + esc(parkName(p.host_id)) : '') + '</p><b>理由</b>' + reasons(p.reasons);
    page.innerHTML = h + '</article>';
  }
  page.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t.dataset && t.dataset.parcel) select('parcel', t.dataset.parcel, { zoom: true });
    if (t.dataset && t.dataset.zoom) select('park', t.dataset.zoom, { zoom: true });
  });
  function route() {
    var m = /^#park\/(.+)$/.exec(location.hash);
    if (m) {
      parkPage(decodeURIComponent(m[1]));
      document.getElementById('park-pages').scrollIntoView();
    }
  }
  window.addEventListener('hashchange', route);

  // ---- charts (ECharts, canvas; no animation so the page is ready at once) ----
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (typeof echarts === 'undefined' || !el) return;
    var c = echarts.init(el, null, { renderer: 'canvas' });
    option.animation = false;
    c.setOption(option);
    charts.push(c);
  }
  function initCharts() {
    var withTax = parks.filter(function (p) { return p.mu_tax !== null && p.mu_tax !== undefined; })
      .sort(function (a, b) { return a.mu_tax - b.mu_tax; });
    chart('ch-tax', {
      title: { text: '各园区亩均税收（万元/亩，由高到低）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return nf2.format(v); } },
      grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: withTax.map(function (p) { return p.name; }) },
      series: [{ type: 'bar', data: withTax.map(function (p) { return p.mu_tax; }), itemStyle: { color: '#2b6cb0' },
        label: { show: withTax.length <= 30, position: 'right', formatter: function (x) { return nf2.format(x.value); } },
        markLine: region.mu_tax === null || region.mu_tax === undefined ? undefined :
          { symbol: 'none', data: [{ xAxis: region.mu_tax, name: '全区' }], label: { formatter: '全区 ' + nf2.format(region.mu_tax) } } }]
    });
    var sm = D.state_mu || {};
    var parkIds = parks.map(function (p) { return p.park_id; });
    chart('ch-state', {
      title: { text: '各园区土地状态面积（亩）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return nf2.format(v); } },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: parks.map(function (p) { return p.name; }), axisLabel: { interval: 0, rotate: parks.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: (classes.state || []).map(function (c) {
        return { name: c.zh, type: 'bar', stack: 'state', itemStyle: { color: c.color },
          data: parkIds.map(function (id) { return (sm[id] || {})[c.code] || 0; }) };
      })
    });
    var counts = (classes.grade || []).map(function (c) {
      return { name: c.zh, value: ents.filter(function (e) { return e.grade === c.code; }).length, itemStyle: { color: c.color } };
    });
    chart('ch-grade', {
      title: { text: '企业评价等级分布（家）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', data: counts.map(function (c) { return c.name; }) },
      yAxis: { type: 'value', minInterval: 1 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      series: [{ type: 'bar', data: counts, label: { show: true, position: 'top' } }]
    });
    // The trend per park of a multi-year run: read from the trend table (亩均税收 by year).
    var trend = document.getElementById('t-trend');
    var el = document.getElementById('ch-trend');
    if (!trend) {
      el.innerHTML = '<p class=note style="padding:12px">单一年度的评价：多年度运行（[years.*]）时此处显示各园区亩均税收的变化。</p>';
      el.style.height = 'auto';
      return;
    }
    var heads = Array.prototype.map.call(trend.tHead.rows[0].cells, function (c) { return c.textContent; });
    var cols = [], years = [];
    heads.forEach(function (t, i) { var m = /^亩均税收 (\d{4})$/.exec(t); if (m) { cols.push(i); years.push(m[1]); } });
    var series = Array.prototype.map.call(trend.tBodies[0].rows, function (tr) {
      return { name: tr.cells[1].textContent || tr.cells[0].textContent, type: 'line',
        data: cols.map(function (i) { var v = parseFloat(tr.cells[i].textContent.replace(/,/g, '')); return isNaN(v) ? null : v; }) };
    });
    chart('ch-trend', {
      title: { text: '各园区亩均税收变化（万元/亩）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null ? '—' : nf2.format(v); } },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: years }, yAxis: { type: 'value' }, series: series
    });
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  // Printed: the charts at the page's width, the map showing the whole city.
  window.addEventListener('beforeprint', function () {
    charts.forEach(function (c) { c.resize(); });
    if (map) { map.invalidateSize(); if (home) map.fitBounds(home, { padding: [10, 10], animate: false }); }
  });

  initMap();
  performance.mark('landeff:map');
  initCharts();
  performance.mark('landeff:charts');
  if (parks.length && !/^#park\//.test(location.hash)) parkPage(parks[0].park_id);
  route();
  window.landeffReport = { ready: true, map: map, layers: layers, select: select, parks: parks, parcels: parcels, enterprises: ents };
  document.documentElement.dataset.ready = '1';
  performance.mark('landeff:ready');
}

load().then(main).catch(function (e) {
  var p = document.createElement('p');
  p.className = 'error';
  p.textContent = '交互内容无法显示：' + e.message + '（下方的表格不受影响）';
  document.getElementById('map-sec').prepend(p);
  throw e;
});
})();
