// The one way every page draws a map. Load it after leaflet.js and before the page's map script.
// - Tiles only when the server names a tile source (ZORGZAAM_TILE_URL, passed once for every page as
//   <body data-tile-url>); without it maps show boundaries and markers only, which works offline.
// - Labels and popups take text and build DOM nodes: names people type (areas, places, services,
//   sectors) never reach Leaflet as an HTML string, which it would insert with innerHTML.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  // Used when there is nothing to fit the view to: central Belgium.
  var FALLBACK_CENTER = [50.85, 4.35];
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text === null || text === undefined ? "" : String(text);
    return span;
  }

  // Only links to our own pages or the web; anything else (javascript:, data:) is shown as text.
  function safeHref(href) {
    return typeof href === "string" && /^(\/(?!\/)|https?:\/\/)/.test(href);
  }

  window.ZorgzaamMap = {
    // A Leaflet map on `el`, with the configured tile layer (if any).
    create: function (el, options) {
      var map = L.map(el, options || {});
      var url = document.body.dataset.tileUrl;
      if (url) {
        // Leaflet's attribution control inserts HTML; the configured attribution is shown as text.
        var attribution = escapeHtml(document.body.dataset.tileAttribution || "");
        L.tileLayer(url, { attribution: attribution, maxZoom: 19 }).addTo(map);
      }
      return map;
    },
    // Fits the view to `bounds`, or shows a wide default view when there is nothing to fit.
    show: function (map, bounds, options, fallbackZoom) {
      if (bounds && bounds.isValid()) { map.fitBounds(bounds, options || {}); }
      else { map.setView(FALLBACK_CENTER, fallbackZoom || 8); }
    },
    // A tooltip showing `text` as text.
    label: function (layer, text, options) {
      return layer.bindTooltip(textNode(text), options);
    },
    // A popup of lines; each line is text or {text, href} (a link). Never HTML.
    popup: function (layer, lines, options) {
      var box = document.createElement("div");
      lines.forEach(function (line, i) {
        if (i > 0) { box.appendChild(document.createElement("br")); }
        if (line && typeof line === "object") {
          var node = safeHref(line.href) ? document.createElement("a") : document.createElement("span");
          if (node.tagName === "A") { node.href = line.href; }
          node.textContent = line.text === null || line.text === undefined ? "" : String(line.text);
          box.appendChild(node);
        } else {
          box.appendChild(textNode(line));
        }
      });
      return layer.bindPopup(box, options);
    },
    // A number in the page's language: decimal comma in nl and fr ("1,5"), at most `digits` decimals.
    number: function (value, digits) {
      var d = digits === undefined ? 1 : digits;
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        minimumFractionDigits: 0, maximumFractionDigits: d
      }).format(value);
    },
    text: textNode
  };
})();
