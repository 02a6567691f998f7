// Review queue and provincial decision form: a "select all" checkbox for the rows of a table.
// Kept in a static file because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-scope]").forEach(function (scope) {
    var all = scope.querySelector("[data-select-all]");
    if (!all) {
      return;
    }
    var items = function () {
      return scope.querySelectorAll("[data-select-item]");
    };
    all.addEventListener("change", function () {
      items().forEach(function (box) {
        box.checked = all.checked;
      });
    });
    scope.addEventListener("change", function (event) {
      if (event.target.hasAttribute("data-select-item")) {
        var boxes = Array.prototype.slice.call(items());
        all.checked = boxes.length > 0 && boxes.every(function (box) { return box.checked; });
      }
    });
  });
})();
