// Area-sectors editor: the map toggles the same checkboxes as the accessible list.
// Tiles and text-only labels come from ZorgzaamMap.
(function () {
  "use strict";
  var dataEl = document.getElementById("sector-map-data");
  var mapEl = document.getElementById("sector-map");
  if (!dataEl || !mapEl || !window.ZorgzaamMap) { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = ZorgzaamMap.create(mapEl, { zoomSnap: 0.25 });

  // Compared by value, not put into a selector: a code is data, not CSS.
  function box(code) {
    var inputs = document.querySelectorAll('input[name="codes"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value === code) { return inputs[i]; }
    }
    return null;
  }
  function styleFor(selected) {
    return selected
      ? { color: "#0b4f6c", weight: 2, fillColor: "#0b4f6c", fillOpacity: 0.55 }
      : { color: "#555", weight: 1, fillColor: "#ffffff", fillOpacity: 0.15 };
  }
  var layers = {};
  var geo = L.geoJSON(data, {
    style: function (f) { return styleFor(f.properties.selected); },
    onEachFeature: function (f, layer) {
      var code = f.properties.code;
      layers[code] = layer;
      var others = (f.properties.other_areas || []).join(", ");
      ZorgzaamMap.label(layer, code + " " + (f.properties.name || "") + (others ? " (" + others + ")" : ""));
      if (!data.editable) { return; }
      layer.on("click", function () {
        var input = box(code);
        if (!input) { return; }
        input.checked = !input.checked;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  });
  // Vector layers need a view before they are added.
  ZorgzaamMap.show(map, geo.getBounds(), { padding: [10, 10] });
  geo.addTo(map);
  if (data.boundary) {
    L.geoJSON(data.boundary, { style: { color: "#c0392b", weight: 2, fill: false, dashArray: "6 4" } }).addTo(map);
  }

  document.querySelectorAll('input[name="codes"]').forEach(function (input) {
    input.addEventListener("change", function () {
      var layer = layers[input.value];
      if (layer) { layer.setStyle(styleFor(input.checked)); }
    });
  });
  var filter = document.getElementById("sector-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      document.querySelectorAll('input[name="codes"]').forEach(function (input) {
        var label = input.closest("label");
        if (label) { label.classList.toggle("sector-hidden", q !== "" && label.textContent.toLowerCase().indexOf(q) === -1); }
      });
    });
  }
})();
