/* "Imprimer" buttons: shown only when JavaScript runs, since they need it. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".print-button");
  for (var i = 0; i < buttons.length; i += 1) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
}());
