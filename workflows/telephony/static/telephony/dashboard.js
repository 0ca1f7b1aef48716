// Draws each chart of the telephony dashboard from the JSON configuration rendered beside its canvas.
(function () {
  "use strict";
  function draw() {
    window.uccCharts = window.uccCharts || {};
    document.querySelectorAll("canvas[data-config]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.config);
      if (!source || !window.Chart) return;
      var config = JSON.parse(source.textContent);
      window.uccCharts[canvas.id] = new window.Chart(canvas, config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
