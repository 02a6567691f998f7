// Progress of a background job (a report, a book of models, an Excel import): polls the box's status URL until the
// job is over, then reloads the page once (the server renders the downloads, the errors or the result).
// The box: data-job-progress, data-status-url, data-final ("1": nothing to wait for), optional data-delay and
// data-slowest (ms, first and longest wait); inside it an optional <progress> and the [data-job-status] label.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress]");
  if (!box || box.dataset.final === "1") {
    return;
  }
  var url = box.dataset.statusUrl;
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-job-status]");
  var delay = Number(box.dataset.delay) || 1500;
  var slowest = Number(box.dataset.slowest) || 10000;

  function show(state) {
    if (bar) {
      bar.value = state.progress;
      bar.textContent = state.progress + "%";
    }
    label.textContent = state.status_label;
    if (state.final) {
      window.location.reload();
      return;
    }
    delay = Math.min(delay * 1.3, slowest);
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
        window.setTimeout(poll, slowest);
      });
  }

  window.setTimeout(poll, delay);
})();
