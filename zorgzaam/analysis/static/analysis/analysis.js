// Choropleth map, hospiscore stacked bars and reach bars. Every figure is also in a table on the page.
(function () {
  var dataEl = document.getElementById("analysis-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var COLORS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"];

  // Changing a filter reloads the page with the new choice (works without JS too, via the button).
  ["id_measure", "id_area", "id_profile"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("change", function () { document.getElementById("analysis-filters").submit(); });
  });

  // The map (tiles and text-only labels from ZorgzaamMap).
  var mapEl = document.getElementById("analysis-map");
  if (mapEl && window.ZorgzaamMap && data.geojson.features.length) {
    var values = data.geojson.features.map(function (f) { return f.properties.value; })
      .filter(function (v) { return v !== null && v !== undefined; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var cls = function (v) {
      if (v === null || v === undefined) return -1;
      if (hi === lo) return 2;
      return Math.min(4, Math.floor(((v - lo) / (hi - lo)) * 5));
    };
    var map = ZorgzaamMap.create(mapEl, { scrollWheelZoom: false });
    var layer = L.geoJSON(data.geojson, {
      style: function (f) {
        var c = cls(f.properties.value);
        return { color: "#333", weight: 1, fillOpacity: 0.75, fillColor: c < 0 ? "#dddddd" : COLORS[c] };
      },
      onEachFeature: function (f, l) {
        var v = f.properties.value;
        ZorgzaamMap.label(l, f.properties.name + ": " + (v === null || v === undefined ? "—" : ZorgzaamMap.number(v, 2)));
      }
    });
    // Vector layers need a view before they are added.
    ZorgzaamMap.show(map, layer.getBounds());
    layer.addTo(map);
    var legend = document.getElementById("map-legend");
    if (legend && values.length) {
      for (var i = 0; i < 5; i++) {
        var a = lo + ((hi - lo) * i) / 5, b = lo + ((hi - lo) * (i + 1)) / 5;
        var s = document.createElement("span");
        var sw = document.createElement("i"); sw.className = "q" + i;
        s.appendChild(sw); s.appendChild(document.createTextNode(" " + ZorgzaamMap.number(a, 1) + "–" + ZorgzaamMap.number(b, 1)));
        legend.appendChild(s);
      }
      var n = document.createElement("span"); var sw2 = document.createElement("i"); sw2.className = "qn";
      n.appendChild(sw2); n.appendChild(document.createTextNode(" ?")); legend.appendChild(n);
    }
  }

  if (typeof Chart === "undefined") return;
  var palette = ["#1d5f8a", "#8a5a1d", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#455a64"];
  var hs = document.getElementById("hospiscore-chart");
  if (hs && data.scores.length) {
    var parts = data.scores[0].parts.map(function (p) { return p.label; });
    new Chart(hs, {
      type: "bar",
      data: {
        labels: data.scores.map(function (s) { return s.area; }),
        datasets: parts.map(function (label, i) {
          return { label: label, backgroundColor: palette[i % palette.length],
            data: data.scores.map(function (s) { return s.parts[i] ? s.parts[i].value : 0; }) };
        })
      },
      options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true } } }
    });
  }
  var rc = document.getElementById("reach-chart");
  if (rc) {
    var labels = [], ratios = [];
    data.reach.forEach(function (a) {
      a.rows.forEach(function (r) { labels.push(a.area + ": " + r.label); ratios.push(r.ratio); });
    });
    if (labels.length) {
      new Chart(rc, {
        type: "bar",
        data: { labels: labels, datasets: [{ label: "ratio", data: ratios, backgroundColor: "#1d5f8a" }] },
        options: { indexAxis: "y", animation: false, responsive: true }
      });
    }
  }
})();
