// "Sao chép" beside a VietQR's account number and transfer note: the buttons stay hidden without
// JavaScript (the values are plain selectable text), and show once the clipboard can be written.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = button.getAttribute("data-done") || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
