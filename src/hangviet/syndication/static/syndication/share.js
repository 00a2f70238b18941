// Share button: the Web Share API where the browser has it, else copy the link; without JavaScript the
// page shows the link in a read-only field anyone can copy.
(function () {
  "use strict";
  document.querySelectorAll(".share").forEach(function (box) {
    var input = box.querySelector("input");
    var native = box.querySelector(".share-native");
    var copy = box.querySelector(".share-copy");
    if (navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: box.dataset.shareTitle, url: input.value }).catch(function () {});
      });
    }
    if (navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          copy.textContent = copy.dataset.done;
        });
      });
    }
    input.addEventListener("focus", function () { input.select(); });
  });
})();
