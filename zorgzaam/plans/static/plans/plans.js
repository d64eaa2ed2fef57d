// Draws one small line chart per indicator; the table beside each chart holds the same figures.
(function () {
  var el = document.getElementById("plan-chart-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var labelsEl = document.getElementById("plan-chart-labels");
  var text = labelsEl ? JSON.parse(labelsEl.textContent) : { target: "target" };
  var byId = {};
  data.forEach(function (d) { byId[d.id] = d; });
  document.querySelectorAll("canvas.indicator-chart").forEach(function (canvas) {
    var d = byId[canvas.dataset.indicator];
    if (!d) return;
    var labels = d.points.map(function (p) { return p[0]; });
    new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          { label: d.name, data: d.points.map(function (p) { return p[1]; }), borderColor: "#1d5f8a", tension: 0.2 },
          { label: text.target, data: labels.map(function () { return d.target; }), borderColor: "#8a5a1d", borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: true } } }
    });
  });
})();
