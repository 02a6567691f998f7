// Dashboard bar charts: the width of each .chart-bar comes from its data-percent attribute.
// Set from a static script because the Content-Security-Policy forbids inline style attributes;
// the numbers beside each bar carry the same information when scripts are off.
(function () {
  "use strict";
  document.querySelectorAll(".chart-bar[data-percent]").forEach(function (bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-percent")) || 0));
    bar.style.width = percent + "%";
  });
})();
