// Import progress: polls the batch's status while the file is checked or imported, then reloads the page
// (the server renders the preview, the errors or the result).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.busy !== "1") {
    return;
  }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("import-progress-bar");
  var label = document.getElementById("import-status-label");
  var delay = 800;

  function show(state) {
    if (bar) {
      bar.value = state.progress;
      bar.textContent = state.progress + "%";
    }
    label.textContent = state.status_label;
    if (!state.busy) {
      window.location.reload();
      return;
    }
    delay = Math.min(delay * 1.3, 8000);
    window.setTimeout(poll, delay);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        window.setTimeout(poll, 8000);
      });
  }

  window.setTimeout(poll, delay);
})();
