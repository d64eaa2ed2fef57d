// Places on a Leaflet map, without tiles unless the server names a tile source (offline-friendly).
(function () {
  var el = document.getElementById("community-map");
  var dataEl = document.getElementById("community-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (data.tiles) { L.tileLayer(data.tiles, { attribution: data.attribution || "" }).addTo(map); }
  var bounds = [];
  if (data.boundary) {
    var shape = L.geoJSON(data.boundary, { style: { weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
    var b = shape.getBounds();
    if (b.isValid()) { bounds.push(b.getSouthWest(), b.getNorthEast()); }
  }
  data.points.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: p.mobile ? 6 : 9, weight: 2 });
    m.bindTooltip(p.name);
    m.addTo(map);
    bounds.push(L.latLng(p.lat, p.lon));
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 }); }
  else { map.setView([50.85, 4.35], 12); }
})();
