// Ask before irreversible actions: <form class="js-confirm" data-confirm="question">.
(function () {
  "use strict";
  document.querySelectorAll("form.js-confirm").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
