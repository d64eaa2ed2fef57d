// Social map: markers and neighbourhood borders (see ZorgzaamMap for tiles and text labels).
// The list beside the map is the accessible alternative.
(function () {
  "use strict";
  var el = document.getElementById("socialmap-map");
  var dataEl = document.getElementById("socialmap-data");
  if (!el || !dataEl) { return; }
  // Without Leaflet, hide the empty box: the list of services stays.
  if (!window.ZorgzaamMap) { el.hidden = true; return; }
  var data = JSON.parse(dataEl.textContent);
  var map = ZorgzaamMap.create(el, { scrollWheelZoom: false });
  var layers = [];
  (data.areas || []).forEach(function (a) {
    if (!a.boundary) { return; }
    var layer = L.geoJSON(a.boundary, { style: { color: "#555", weight: 2, fillOpacity: 0.05 } });
    ZorgzaamMap.label(layer, a.name);
    layers.push(layer);
  });
  (data.points || []).forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#0b5f4a", weight: 2, fillOpacity: 0.8 });
    var href = data.detail_url.replace("/0/", "/" + encodeURIComponent(p.id) + "/");
    ZorgzaamMap.popup(marker, [{ text: p.name, href: href }, p.organisation]);
    layers.push(marker);
  });
  // The map needs a view before vector layers can be drawn.
  var group = L.featureGroup(layers);
  ZorgzaamMap.show(map, layers.length ? group.getBounds() : null, { padding: [20, 20], maxZoom: 16 });
  group.addTo(map);
})();
