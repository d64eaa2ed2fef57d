// Draws the network's area boundaries, each labelled with its name (as text, via ZorgzaamMap).
(function () {
  "use strict";
  var el = document.getElementById("area-map");
  var data = document.getElementById("area-geojson");
  if (!el || !data || !window.ZorgzaamMap) { return; }
  var map = ZorgzaamMap.create(el, { scrollWheelZoom: false });
  var layer = L.geoJSON(JSON.parse(data.textContent), {
    style: { color: "#0b5c86", weight: 2, fillOpacity: 0.1 },
    onEachFeature: function (f, l) {
      ZorgzaamMap.label(l, f.properties.name, { permanent: true, direction: "center" });
    }
  });
  // Vector layers need a view before they are added.
  ZorgzaamMap.show(map, layer.getBounds(), { padding: [10, 10] });
  layer.addTo(map);
})();
