// Search suggestions as you type (progressive enhancement: the search form works without this file).
(function () {
  "use strict";
  var input = document.getElementById("site-q");
  if (!input || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = "site-q-suggest";
  input.after(list);
  input.setAttribute("list", list.id);
  var timer, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2 || q === last) return;
    timer = setTimeout(function () {
      last = q;
      fetch("/api/v1/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.replaceChildren.apply(list, items.map(function (item) {
            var option = document.createElement("option");
            option.value = item.name;
            return option;
          }));
        })
        .catch(function () {});
    }, 200);
  });
})();
