// Province → commune without pressing a button (progressive enhancement: without this file the form's
// "Hiện xã/phường của tỉnh đã chọn" button reloads the list). Reads /api/v1/provinces/{code}/communes.
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("button[data-commune-for]").forEach(function (button) {
    if (button.dataset.ready) return;
    button.dataset.ready = "1";
    var province = document.getElementById(button.dataset.provinceFor);
    var commune = document.getElementById(button.dataset.communeFor);
    if (!province || !commune) return;
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "small";
    button.after(status);
    button.hidden = true;
    province.addEventListener("change", function () {
      var code = province.value;
      var first = commune.querySelector("option[value='']");
      var keep = first ? [first.cloneNode(true)] : [];
      if (!/^\d{1,2}$/.test(code)) { commune.replaceChildren.apply(commune, keep); return; }
      commune.disabled = true;
      fetch("/api/v1/provinces/" + code + "/communes", { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (items) {
          var group = document.createElement("optgroup");
          group.label = province.options[province.selectedIndex].text;
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.code;
            option.textContent = item.name;
            group.appendChild(option);
          });
          commune.replaceChildren.apply(commune, keep.concat([group]));
          commune.value = "";
          status.textContent = button.dataset.loaded.replace("{n}", items.length);
        })
        .catch(function () { button.hidden = false; })  // the button still works
        .finally(function () { commune.disabled = false; });
    });
  });
})();
