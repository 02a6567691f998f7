// Report progress page: polls the status endpoint until the report is built or failed, then shows the downloads.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || box.dataset.final === "1") {
    return;
  }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("report-progress-bar");
  var label = document.getElementById("report-status-label");
  var delay = 1500;

  function show(state) {
    bar.value = state.progress;
    bar.textContent = state.progress + "%";
    label.textContent = state.status_label;
    if (state.final) {
      // Reload once: the server renders the download links, the error text and the regenerate button.
      window.location.reload();
      return;
    }
    delay = Math.min(delay * 1.3, 10000);
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
        window.setTimeout(poll, 10000);
      });
  }

  window.setTimeout(poll, delay);
})();
