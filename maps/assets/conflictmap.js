/* conflictmap.js: draws a conflictmap events blob on a Leaflet map (vendored, no network).
 *
 * Events are drawn on one canvas (no DOM node or Leaflet layer per event); popups are built on
 * click. Every string from the data goes into the page with textContent, never innerHTML; the
 * few labels Leaflet inserts as HTML (layer control) go through escapeHtml first.
 * Licence: MIT, part of conflictmap.
 */
(function () {
  'use strict';

  var cm = window.conflictmap = window.conflictmap || {};
  cm.maps = cm.maps || [];
  cm.ready = false;

  var DAY_MS = 86400000;
  var TIME_PRECISION = {1: 'day', 2: 'week', 3: 'month', 4: 'year'};
  var GEO_PRECISION = {
    1: 'exact place',
    2: 'near the place or part of a region',
    3: 'only the region (shown at its centre)'
  };
  var MIN_ALPHA = 0.55;
  var RADIUS = 6;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  cm.escapeHtml = escapeHtml;

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== '') { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function isoDay(t0, offset) {
    var d = new Date(Date.parse(t0 + 'T00:00:00Z') + offset * DAY_MS);
    return d.toISOString().slice(0, 10);
  }

  function dayOf(t0, iso) {
    return Math.round((Date.parse(iso + 'T00:00:00Z') - Date.parse(t0 + 'T00:00:00Z')) / DAY_MS);
  }

  function hexToRgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  // ---- the events canvas ------------------------------------------------------------------

  var EventCanvas = L.Canvas.extend({
    initialize: function (state, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._state = state;
    },
    _draw: function () {
      L.Canvas.prototype._draw.call(this);
      drawEvents(this._state, this);
    }
  });

  function alphaOf(state, i) {
    var ev = state.events[i];
    if (ev[2] < 0) { return 0.55; }
    var age = state.day - ev[3];
    if (age < 0) { return 0.85; }  // the slider is inside the event's week or month
    return Math.max(MIN_ALPHA, 1 - (1 - MIN_ALPHA) * age / state.fade);
  }

  function isVisible(state, i) {
    var ev = state.events[i];
    if (!state.bucketOn[ev[7]]) { return false; }
    return ev[2] < 0 || ev[2] <= state.day;
  }

  function outerRadius(ev) {
    var r = ev[5] === 3 ? RADIUS + 3 : RADIUS;
    if (ev[4] === 2) { return r + 5; }
    if (ev[4] >= 3) { return r + 9; }
    return ev[5] === 2 ? r + 3 : r;
  }

  var LEVELS = 6;  // alpha is drawn in this many steps, so markers batch into few paths

  function levelAlpha(level) { return MIN_ALPHA + (1 - MIN_ALPHA) * level / (LEVELS - 1); }

  function pathOf(ctx, xs, ys, r, square) {
    ctx.beginPath();
    for (var j = 0; j < xs.length; j++) {
      if (square) {
        ctx.rect(xs[j] - r, ys[j] - r, 2 * r, 2 * r);
      } else {
        ctx.moveTo(xs[j] + r, ys[j]);
        ctx.arc(xs[j], ys[j], r, 0, 2 * Math.PI);
      }
    }
  }

  // One batch: every visible marker of one type, fade step and look (geo x time precision).
  function drawBatch(ctx, xs, ys, rgb, alpha, gp, tp) {
    var colour = 'rgba(' + rgb[0] + ',' + rgb[1] + ',' + rgb[2] + ',';
    var r = RADIUS;
    ctx.setLineDash([]);
    if (gp === 3) {
      // only the region is known: a hollow square at the region's centre
      r = RADIUS + 3;
      pathOf(ctx, xs, ys, r, true);
      ctx.fillStyle = colour + (0.25 * alpha) + ')';
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = colour + alpha + ')';
      ctx.stroke();
    } else {
      pathOf(ctx, xs, ys, r, false);
      ctx.fillStyle = colour + alpha + ')';
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = 'rgba(255,255,255,' + alpha + ')';
      ctx.stroke();
      if (gp === 2) {
        // near the place, or somewhere in part of a region: a thin solid halo
        pathOf(ctx, xs, ys, r + 3, false);
        ctx.lineWidth = 1;
        ctx.strokeStyle = colour + alpha + ')';
        ctx.stroke();
      }
    }
    if (tp >= 2) {
      // the day is not known: a dashed ring, wider (and lightly filled) for a month or year
      pathOf(ctx, xs, ys, tp === 2 ? r + 5 : r + 9, false);
      if (tp >= 3) {
        ctx.fillStyle = colour + (0.12 * alpha) + ')';
        ctx.fill();
      }
      ctx.setLineDash(tp === 2 ? [4, 3] : [2, 4]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = colour + alpha + ')';
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  function drawEvents(state, renderer) {
    var map = renderer._map, ctx = renderer._ctx, b = renderer._bounds;
    if (!map || !ctx || !b) { return; }
    var s = Math.pow(2, map.getZoom()), o = map.getPixelOrigin();
    var minx = b.min.x - 20, miny = b.min.y - 20, maxx = b.max.x + 20, maxy = b.max.y + 20;
    var ntypes = state.types.length, batches = {}, drawn = 0;
    for (var i = 0; i < state.events.length; i++) {
      if (!isVisible(state, i)) { continue; }
      var x = state.px[i] * s - o.x, y = state.py[i] * s - o.y;
      if (x < minx || x > maxx || y < miny || y > maxy) { continue; }
      var ev = state.events[i];
      var level = Math.round((alphaOf(state, i) - MIN_ALPHA) / (1 - MIN_ALPHA) * (LEVELS - 1));
      var look = (ev[5] - 1) * 4 + Math.min(ev[4], 4) - 1;
      var key = (level * ntypes + ev[6]) * 12 + look;
      var batch = batches[key] || (batches[key] = {xs: [], ys: [], level: level, type: ev[6],
                                                    gp: ev[5], tp: ev[4]});
      batch.xs.push(x);
      batch.ys.push(y);
      drawn++;
    }
    // faded (older) batches first, so the newest events lie on top
    Object.keys(batches).map(Number).sort(function (a, b) { return a - b; }).forEach(function (k) {
      var bt = batches[k];
      drawBatch(ctx, bt.xs, bt.ys, state.rgb[bt.type], levelAlpha(bt.level), bt.gp, bt.tp);
    });
    state.drawn = drawn;
    if (!cm.ready) {
      cm.ready = true;
      cm.firstRenderMs = window.performance ? performance.now() : null;
    }
  }

  function countVisible(state) {
    var k = 0;
    for (var i = 0; i < state.events.length; i++) { if (isVisible(state, i)) { k++; } }
    return k;
  }

  function redraw(state) {
    var r = state.canvas;
    if (r && r._map) {
      r._redrawBounds = null;
      r._redraw();
    }
    if (state.onChange) { state.onChange(); }
  }

  // ---- popups -----------------------------------------------------------------------------

  function str(state, i) { return state.strings[i] || ''; }

  function eventCard(state, i, parent) {
    var ev = state.events[i], type = state.types[ev[6]];
    var card = el('div', 'cm-card', null, parent);
    var head = el('div', 'cm-card-head', null, card);
    var sw = el('span', 'cm-swatch', null, head);
    sw.style.background = type.colour;
    el('strong', null, type.name, head);
    if (str(state, ev[11])) { el('span', 'cm-sub', ' \u2014 ' + str(state, ev[11]), head); }

    var dl = el('dl', null, null, card);
    function row(label, value) {
      if (!value) { return null; }
      el('dt', null, label, dl);
      return el('dd', null, value, dl);
    }
    var dd = row('Date', str(state, ev[9]));
    var how = [];
    if (str(state, ev[10])) { how.push('from \u201c' + str(state, ev[10]) + '\u201d'); }
    how.push('precision: ' + (TIME_PRECISION[ev[4]] || ev[4]));
    el('div', 'cm-how', how.join('; '), dd);

    var place = str(state, ev[12]) || str(state, ev[13]);
    var where = [str(state, ev[14]), str(state, ev[15]), str(state, ev[16])].filter(Boolean);
    dd = row('Place', place + (where.length ? ' (' + where.join(', ') + ')' : ''));
    if (dd) {
      var ph = [];
      if (str(state, ev[13]) && str(state, ev[13]) !== place) {
        ph.push('as written: \u201c' + str(state, ev[13]) + '\u201d');
      }
      ph.push('precision: ' + (GEO_PRECISION[ev[5]] || ev[5]));
      el('div', 'cm-how', ph.join('; '), dd);
    }
    row('Actors', ev[20].map(function (a) { return str(state, a); }).join('; '));
    if (str(state, ev[17])) {
      el('dt', null, 'Evidence', dl);
      el('blockquote', 'cm-evidence', str(state, ev[17]), el('dd', null, null, dl));
    }
    var n = Math.max(ev[21].length, ev[22].length, ev[23].length, ev[24].length);
    if (n) {
      el('dt', null, n > 1 ? 'Sources (' + n + ')' : 'Source', dl);
      var ul = el('ul', 'cm-sources', null, el('dd', null, null, dl));
      for (var j = 0; j < n; j++) {
        var li = el('li', null, null, ul);
        var title = str(state, ev[22][j]) || str(state, ev[24][j]) || 'untitled';
        var url = str(state, ev[23][j]);
        if (url) {
          var a = el('a', null, title, li);
          a.href = url;  // http(s) only: checked in Python (maps.escape.safe_url)
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
        } else {
          el('span', null, title, li);
        }
        if (str(state, ev[21][j])) { el('span', 'cm-outlet', ' \u2014 ' + str(state, ev[21][j]), li); }
      }
    }
    var meta = ['id ' + str(state, ev[8])];
    if (ev[19] !== null && ev[19] !== undefined) { meta.push('confidence ' + ev[19]); }
    if (str(state, ev[18])) { meta.push(str(state, ev[18])); }
    el('div', 'cm-meta', meta.join(' \u00b7 '), card);
    return card;
  }

  function popupContent(state, hits) {
    var box = el('div', 'cm-popup');
    if (hits.length > 1) { el('div', 'cm-count', hits.length + ' events here', box); }
    var shown = hits.slice(0, 8);
    shown.forEach(function (i) { eventCard(state, i, box); });
    if (hits.length > shown.length) {
      el('div', 'cm-count', '\u2026 and ' + (hits.length - shown.length) + ' more; zoom in', box);
    }
    return box;
  }

  function hitTest(state, map, containerPoint) {
    var lp = map.containerPointToLayerPoint(containerPoint);
    var s = Math.pow(2, map.getZoom()), o = map.getPixelOrigin();
    var best = -1, bestD = Infinity, hits = [];
    for (var k = state.order.length - 1; k >= 0; k--) {
      var i = state.order[k];
      if (!isVisible(state, i)) { continue; }
      var dx = state.px[i] * s - o.x - lp.x, dy = state.py[i] * s - o.y - lp.y;
      var d = Math.sqrt(dx * dx + dy * dy);
      if (d <= outerRadius(state.events[i]) + 2) {
        hits.push(i);
        if (d < bestD) { bestD = d; best = i; }
      }
    }
    if (best < 0) { return []; }
    // every event drawn within a few pixels of the nearest one, newest first
    return hits.filter(function (i) {
      var dx = (state.px[i] - state.px[best]) * s, dy = (state.py[i] - state.py[best]) * s;
      return dx * dx + dy * dy <= 16;
    });
  }

  // ---- controls ---------------------------------------------------------------------------

  function infoControl(data) {
    var c = L.control({position: 'topleft'});
    c.onAdd = function () {
      var div = L.DomUtil.create('div', 'cm-info leaflet-bar');
      el('h1', null, data.title, div);
      var first = null, last = null;
      data.events.forEach(function (ev) {
        if (ev[2] < 0) { return; }
        if (first === null || ev[2] < first) { first = ev[2]; }
        if (last === null || ev[3] > last) { last = ev[3]; }
      });
      if (first !== null) {
        el('div', 'cm-range', isoDay(data.t0, first) + ' \u2013 ' + isoDay(data.t0, last), div);
      }
      var c = data.counts;
      var parts = [c.events + (c.events === 1 ? ' event' : ' events'),
                   c.places + (c.places === 1 ? ' place' : ' places'),
                   c.sources + (c.sources === 1 ? ' source' : ' sources'),
                   c.documents + (c.documents === 1 ? ' article' : ' articles')];
      el('div', 'cm-counts', parts.join(' \u00b7 '), div);
      if (c.undated) { el('div', 'cm-counts', c.undated + ' undated (always shown, faint)', div); }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return c;
  }

  function legendControl(data) {
    var c = L.control({position: 'bottomright'});
    c.onAdd = function () {
      var div = L.DomUtil.create('div', 'cm-legend leaflet-bar');
      el('div', 'cm-legend-title', 'Event type', div);
      data.types.forEach(function (t) {
        var row = el('div', 'cm-legend-row', null, div);
        el('span', 'cm-swatch', null, row).style.background = t.colour;
        el('span', null, t.name + ' (' + t.count + ')', row);
      });
      el('div', 'cm-legend-title', 'Marker', div);
      var keys = [
        ['cm-key-exact', 'exact place'],
        ['cm-key-near', 'near a place / part of a region'],
        ['cm-key-region', 'region only (its centre)'],
        ['cm-key-week', '\u201cweek of\u201d: day unknown'],
        ['cm-key-month', '\u201cmonth of\u201d / year: day unknown']
      ];
      if (data.advance.length) { keys.push(['cm-key-advance', 'axis of advance']); }
      keys.forEach(function (k) {
        var row = el('div', 'cm-legend-row', null, div);
        el('span', 'cm-key ' + k[0], null, row);
        el('span', null, k[1], row);
      });
      el('div', 'cm-legend-note', 'Older events fade.', div);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return c;
  }

  function sliderControl(state, data) {
    var c = L.control({position: 'bottomleft'});
    var timer = null;
    c.onAdd = function () {
      var div = L.DomUtil.create('div', 'cm-slider leaflet-bar');
      var play = el('button', 'cm-play', '\u25b6', div);
      play.type = 'button';
      play.title = 'Play: replay the events day by day';
      play.setAttribute('aria-label', 'play');
      var input = el('input', null, null, div);
      input.type = 'range';
      input.min = 0;
      input.max = Math.max(0, data.ndays - 1);
      input.step = 1;
      input.value = state.day;
      input.setAttribute('aria-label', 'date');
      var label = el('span', 'cm-date', '', div);
      state.slider = input;

      function show() {
        label.textContent = isoDay(data.t0, state.day) + ' \u00b7 ' + countVisible(state) + ' shown';
      }
      function set(day) {
        state.day = Math.max(0, Math.min(data.ndays - 1, day));
        input.value = state.day;
        redraw(state);
        show();
      }
      function stop() {
        if (timer) { clearInterval(timer); timer = null; }
        play.textContent = '\u25b6';
        play.setAttribute('aria-label', 'play');
      }
      var step = Math.max(1, Math.ceil(data.ndays / 150));
      play.addEventListener('click', function () {
        if (timer) { stop(); return; }
        if (state.day >= data.ndays - 1) { set(0); }
        play.textContent = '\u275a\u275a';
        play.setAttribute('aria-label', 'pause');
        timer = setInterval(function () {
          if (state.day >= data.ndays - 1) { stop(); return; }
          set(state.day + step);
        }, 250);
      });
      input.addEventListener('input', function () { stop(); set(parseInt(input.value, 10)); });
      state.setDay = set;
      state.showLabel = show;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      show();
      return div;
    };
    return c;
  }

  // ---- basemap ----------------------------------------------------------------------------

  function basemapLayer(map, topo) {
    var renderer = L.canvas({pane: 'cmBase', padding: 0.5});
    function feats(name) {
      var obj = topo.objects[name];
      return obj ? topojson.feature(topo, obj) : {type: 'FeatureCollection', features: []};
    }
    var attribution = 'Offline basemap: Natural Earth 1:50m (public domain)';
    return L.layerGroup([
      L.geoJSON(feats('countries'), {
        renderer: renderer, interactive: false, attribution: attribution,
        style: {color: '#8a8a80', weight: 1, fillColor: '#f4f1e8', fillOpacity: 1}
      }),
      L.geoJSON(feats('subunits'), {
        renderer: renderer, interactive: false,
        style: {color: '#b0ada3', weight: 0.6, dashArray: '3 3', fill: false}
      }),
      L.geoJSON(feats('lakes'), {
        renderer: renderer, interactive: false,
        style: {color: '#7fa7c9', weight: 0.6, fillColor: '#c6dcef', fillOpacity: 1}
      }),
      L.geoJSON(feats('rivers'), {
        renderer: renderer, interactive: false,
        style: {color: '#6f9fd0', weight: 1.2, opacity: 0.9}
      })
    ], {attribution: attribution});
  }

  // ---- overlays ---------------------------------------------------------------------------

  function advanceLayer(state, data) {
    // SVG: only the drawn line and stops catch the mouse; the events canvas lets clicks through
    var renderer = L.svg({pane: 'cmAdvance'});
    var group = L.featureGroup([]);
    state.advance = data.advance.map(function (line) {
      var days = line.dates.map(function (d) { return dayOf(data.t0, d); });
      var poly = L.polyline(line.points, {
        renderer: renderer, color: line.colour, weight: 3, opacity: 0.85, interactive: false
      });
      var deco = L.polylineDecorator(poly, {
        patterns: [{
          offset: 25, repeat: 90,
          symbol: L.Symbol.arrowHead({
            pixelSize: 11, polygon: false,
            pathOptions: {renderer: renderer, color: line.colour, weight: 3, opacity: 0.9,
                          interactive: false}
          })
        }]
      });
      var stops = line.points.map(function (p, j) {
        var tip = el('div');
        el('strong', null, line.dates[j] + ' ', tip);
        el('span', null, line.labels[j], tip);
        el('div', 'cm-how', 'taken by ' + line.actor, tip);
        return L.circleMarker(p, {
          renderer: renderer, radius: 2.5, color: line.colour, weight: 2, fillColor: '#fff',
          fillOpacity: 1
        }).bindTooltip(tip);
      });
      group.addLayer(poly).addLayer(deco);
      stops.forEach(function (s) { group.addLayer(s); });
      return {line: line, days: days, poly: poly, deco: deco, stops: stops};
    });
    return group;
  }

  function updateAdvance(state) {
    (state.advance || []).forEach(function (a) {
      var pts = a.line.points.filter(function (_, j) { return a.days[j] <= state.day; });
      a.poly.setLatLngs(pts);
      a.deco.setPaths(pts.length >= 2 ? [pts] : []);
      a.stops.forEach(function (s, j) { s.setStyle({opacity: a.days[j] <= state.day ? 1 : 0,
                                                    fillOpacity: a.days[j] <= state.day ? 1 : 0}); });
    });
  }

  function mentionsLayer(data) {
    var renderer = L.svg({pane: 'cmMentions'});
    return L.layerGroup(data.mentions.map(function (m) {
      var tip = el('div');
      el('strong', null, m[2], tip);
      el('div', null, m[3] + (m[3] === 1 ? ' mention' : ' mentions') + ' in ' + m[5] +
         (m[5] === 1 ? ' article' : ' articles'), tip);
      if (m[4].length) { el('div', 'cm-how', 'as: ' + m[4].join(', '), tip); }
      return L.circleMarker([m[0], m[1]], {
        renderer: renderer, radius: 3 + Math.min(6, Math.log(m[3]) / Math.LN2),
        color: '#444', weight: 1, fillColor: '#999', fillOpacity: 0.6
      }).bindTooltip(tip);
    }));
  }

  function bucketLayer(state, b) {
    var Toggle = L.Layer.extend({
      onAdd: function () { state.bucketOn[b] = true; if (state.canvas) { redraw(state); } },
      onRemove: function () { state.bucketOn[b] = false; redraw(state); }
    });
    return new Toggle();
  }

  function controlPadding(map) {
    // room taken by the controls, when the map is large enough to spare it
    var size = map.getSize(), c = map.getContainer();
    function width(sel) {
      var node = c.querySelector(sel);
      return node ? node.offsetWidth : 0;
    }
    var right = Math.max(width('.leaflet-control-layers'), width('.cm-legend')) + 30;
    var top = (c.querySelector('.cm-info') || {offsetHeight: 0}).offsetHeight + 90;
    if (size.x < 2.5 * right || size.y < 3 * top) { return {topLeft: [30, 30], bottomRight: [30, 30]}; }
    return {topLeft: [40, top], bottomRight: [right, 80]};
  }
  cm.controlPadding = controlPadding;

  // ---- init -------------------------------------------------------------------------------

  cm.init = function (map, dataId, basemapId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    var topo = JSON.parse(document.getElementById(basemapId).textContent);
    var n = data.events.length;
    var state = {
      map: map, data: data, events: data.events, strings: data.strings, types: data.types,
      rgb: data.types.map(function (t) { return hexToRgb(t.colour); }),
      bucketOn: data.buckets.map(function () { return true; }),
      day: Math.max(0, data.ndays - 1),
      fade: Math.max(7, Math.round(data.ndays / 2)),
      px: new Float64Array(n), py: new Float64Array(n), drawn: 0
    };
    for (var i = 0; i < n; i++) {
      var p = map.project([data.events[i][0], data.events[i][1]], 0);
      state.px[i] = p.x;
      state.py[i] = p.y;
    }
    // draw order: undated first, then by start day, so the newest lie on top
    state.order = Array.from({length: n}, function (_, k) { return k; });
    state.order.sort(function (a, b) { return data.events[a][2] - data.events[b][2] || a - b; });

    [['cmBase', 250], ['cmMentions', 420], ['cmAdvance', 430], ['cmEvents', 450]].forEach(
      function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
    map.getContainer().classList.add('cm-map');

    var outline = basemapLayer(map, topo).addTo(map);
    var osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: 'Tiles &copy; <a href="https://www.openstreetmap.org/copyright">' +
                   'OpenStreetMap</a> contributors (online only)'
    });
    var overlays = {};
    data.buckets.forEach(function (b, k) {
      var label = escapeHtml(b.label) + ' <span class="cm-n">(' + b.count + ')</span>';
      overlays[label] = bucketLayer(state, k).addTo(map);
    });
    if (data.advance.length) {
      overlays['Axis of advance'] = advanceLayer(state, data).addTo(map);
    }
    if (data.mentions.length) {
      overlays['Place mentions (' + data.mentions.length + ' places)'] = mentionsLayer(data);
    }
    state.layers = L.control.layers({
      'Outline (offline, Natural Earth)': outline,
      'OpenStreetMap tiles (online)': osm
    }, overlays, {collapsed: data.buckets.length > 14, position: 'topright'}).addTo(map);
    map.on('baselayerchange', function (e) {
      map.getContainer().classList.toggle('cm-tiles', e.layer === osm);
    });

    infoControl(data).addTo(map);
    legendControl(data).addTo(map);
    if (data.ndays > 0) { sliderControl(state, data).addTo(map); }
    state.onChange = function () {
      updateAdvance(state);
      if (state.showLabel) { state.showLabel(); }
    };

    map.on('click', function (e) {
      var hits = hitTest(state, map, e.containerPoint);
      if (!hits.length) { return; }
      var ev = data.events[hits[0]];
      var pad = controlPadding(map);
      L.popup({maxWidth: 380, minWidth: 260, maxHeight: 420, className: 'cm-leaflet-popup',
               autoPanPaddingTopLeft: pad.topLeft, autoPanPaddingBottomRight: pad.bottomRight})
        .setLatLng([ev[0], ev[1]])
        .setContent(popupContent(state, hits))
        .openOn(map);
    });

    var view = data.view;  // all events, or their core when a few lie far away (Python side)
    if (view && view[0][0] === view[1][0] && view[0][1] === view[1][1]) {
      map.setView(view[0], 9);
    } else if (view) {
      // keep the events clear of the controls: info top left, layers and legend on the right
      var pad = controlPadding(map);
      map.fitBounds(L.latLngBounds(view), {
        paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight, maxZoom: 10,
        animate: false
      });
    }
    updateAdvance(state);
    // added last, once the view is fitted: its first draw is the one the reader sees
    state.canvas = new EventCanvas(state, {pane: 'cmEvents', padding: 0.2}).addTo(map);
    if (state.showLabel) { state.showLabel(); }
    var pending = null;
    map.on('mousemove', function (e) {
      // a pointer over events, checked at most once per frame
      if (pending) { return; }
      pending = L.Util.requestAnimFrame(function () {
        pending = null;
        var over = hitTest(state, map, e.containerPoint).length > 0;
        map.getContainer().classList.toggle('cm-over-event', over);
      });
    });
    cm.maps.push(state);
    cm.state = state;
    return state;
  };

  // ---- test and scripting hooks (act on the last map initialised) -------------------------

  cm.visibleCount = function () {
    return cm.state ? countVisible(cm.state) : 0;
  };
  cm.drawnCount = function () { return cm.state ? cm.state.drawn : 0; };
  cm.dayCount = function () { return cm.state ? cm.state.data.ndays : 0; };
  cm.setDay = function (day) { if (cm.state && cm.state.setDay) { cm.state.setDay(day); } };
  cm.markerPoint = function (eventId) {
    // container pixel of the event with this id (for tests and tours), or null
    var state = cm.state;
    if (!state) { return null; }
    for (var i = 0; i < state.events.length; i++) {
      if (state.strings[state.events[i][8]] === eventId) {
        var p = state.map.latLngToContainerPoint([state.events[i][0], state.events[i][1]]);
        return {x: p.x, y: p.y};
      }
    }
    return null;
  };
})();
