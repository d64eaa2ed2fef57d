// Social map: markers and neighbourhood borders. The list beside the map is the accessible alternative.
(function () {
  var el = document.getElementById("socialmap-map");
  var dataEl = document.getElementById("socialmap-data");
  if (!el || !dataEl) { return; }
  // Without Leaflet, hide the empty box: the list of services stays.
  if (typeof L === "undefined") { el.hidden = true; return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
  }
  var layers = [];
  (data.areas || []).forEach(function (a) {
    if (!a.boundary) { return; }
    var layer = L.geoJSON(a.boundary, { style: { color: "#555", weight: 2, fillOpacity: 0.05 } });
    layer.bindTooltip(a.name);
    layers.push(layer);
  });
  (data.points || []).forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#0b5f4a", weight: 2, fillOpacity: 0.8 });
    var link = document.createElement("a");
    link.href = data.detail_url.replace("/0/", "/" + p.id + "/");
    link.textContent = p.name;
    var box = document.createElement("div");
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(p.organisation));
    marker.bindPopup(box);
    layers.push(marker);
  });
  // The map needs a view before vector layers can be drawn.
  var group = L.featureGroup(layers);
  var bounds = layers.length ? group.getBounds() : null;
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  } else {
    map.setView([50.85, 4.35], 8);
  }
  group.addTo(map);
})();
