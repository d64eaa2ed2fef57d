// Places on a Leaflet map, without tiles unless the server names a tile source (offline-friendly).
// The same places are always listed next to the map, so the map is an extra, never the only way.
(function () {
  var el = document.getElementById("community-map");
  var dataEl = document.getElementById("community-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (data.tiles) { L.tileLayer(data.tiles, { attribution: data.attribution || "" }).addTo(map); }
  // Vector layers need a view before they are added, so the bounds are worked out first.
  var bounds = L.latLngBounds([]);
  var shape = data.boundary
    ? L.geoJSON(data.boundary, { style: { weight: 2, fillOpacity: 0.05 }, interactive: false })
    : null;
  if (shape) { bounds.extend(shape.getBounds()); }
  data.points.forEach(function (p) { bounds.extend([p.lat, p.lon]); });
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 }); }
  else { map.setView([50.85, 4.35], 12); }
  if (shape) { shape.addTo(map); }
  data.points.forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: p.mobile ? 6 : 9, weight: 2 }).bindTooltip(p.name).addTo(map);
  });
})();
