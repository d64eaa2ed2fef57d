// Draws the network's area boundaries (no tile layer unless the server configures one).
(function () {
  var el = document.getElementById("area-map");
  var data = document.getElementById("area-geojson");
  if (!el || !data || !window.L) { return; }
  var map = L.map(el, { scrollWheelZoom: false });
  var tiles = document.body.dataset.tileUrl;
  if (tiles) { L.tileLayer(tiles, { attribution: document.body.dataset.tileAttribution || "" }).addTo(map); }
  var layer = L.geoJSON(JSON.parse(data.textContent), {
    style: { color: "#0b5c86", weight: 2, fillOpacity: 0.1 },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { permanent: true, direction: "center" }); }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [10, 10] });
})();
