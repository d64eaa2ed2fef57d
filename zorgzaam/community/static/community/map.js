// Places on a map (see ZorgzaamMap for tiles and text labels). The same places are always listed
// next to the map, so the map is an extra, never the only way.
(function () {
  "use strict";
  var el = document.getElementById("community-map");
  var dataEl = document.getElementById("community-map-data");
  if (!el || !dataEl || !window.ZorgzaamMap) { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = ZorgzaamMap.create(el, { scrollWheelZoom: false });
  // Vector layers need a view before they are added, so the bounds are worked out first.
  var bounds = L.latLngBounds([]);
  var shape = data.boundary
    ? L.geoJSON(data.boundary, { style: { weight: 2, fillOpacity: 0.05 }, interactive: false })
    : null;
  if (shape) { bounds.extend(shape.getBounds()); }
  data.points.forEach(function (p) { bounds.extend([p.lat, p.lon]); });
  ZorgzaamMap.show(map, bounds, { padding: [20, 20], maxZoom: 16 }, 12);
  if (shape) { shape.addTo(map); }
  data.points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], { radius: p.mobile ? 6 : 9, weight: 2 });
    ZorgzaamMap.label(marker, p.name);
    marker.addTo(map);
  });
})();
