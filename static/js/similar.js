// While an officer types a practice title, list similar practices of the same district board,
// so that a good model is replicated (nhân rộng) rather than registered twice.
(function () {
  "use strict";
  var input = document.querySelector("input[data-similar-url]");
  if (!input) { return; }
  var url = input.getAttribute("data-similar-url");
  var exclude = input.getAttribute("data-similar-exclude") || "";
  var box = document.createElement("div");
  box.className = "similar-practices mt-2";
  box.setAttribute("aria-live", "polite");
  box.hidden = true;
  input.insertAdjacentElement("afterend", box);

  var timer = null;
  var lastQuery = "";
  var controller = null;

  function clear() {
    box.hidden = true;
    box.textContent = "";
  }

  function render(data) {
    box.textContent = "";
    if (!data.results || data.results.length === 0) { clear(); return; }
    var hint = document.createElement("div");
    hint.className = "small fw-semibold mb-1";
    hint.textContent = data.hint;
    box.appendChild(hint);
    var list = document.createElement("ul");
    list.className = "list-unstyled small mb-0";
    data.results.forEach(function (item) {
      var li = document.createElement("li");
      var title;
      if (item.url) {
        title = document.createElement("a");
        title.href = item.url;
        title.target = "_blank";
        title.rel = "noopener";
      } else {
        title = document.createElement("span");
      }
      title.textContent = item.title;
      li.appendChild(title);
      var meta = document.createElement("span");
      meta.className = "text-muted";
      meta.textContent = " — " + item.unit + " (" + item.state + ")";
      li.appendChild(meta);
      // A recognized practice can be chosen as the source of this one (nhân rộng) in one click.
      var source = document.getElementById("id_replicated_from");
      if (item.recognized && source && source.querySelector('option[value="' + item.id + '"]')) {
        var pick = document.createElement("button");
        pick.type = "button";
        pick.className = "btn btn-link btn-sm p-0 ms-2 align-baseline";
        pick.textContent = data.pick_label;
        pick.addEventListener("click", function () {
          source.value = String(item.id);
          source.dispatchEvent(new Event("change", { bubbles: true }));
          source.focus();
        });
        li.appendChild(pick);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function search() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 3) { clear(); return; }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var params = new URLSearchParams({ q: query });
    if (exclude) { params.set("exclude", exclude); }
    fetch(url + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      signal: controller.signal
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(render)
      .catch(function (error) { if (error.name !== "AbortError") { clear(); } });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 350);
  });
  if (input.value.trim().length >= 3) { search(); }
})();
