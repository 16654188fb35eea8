/* Haven's few lines of its own script, loaded from a file: the Content-Security-Policy
   allows no inline script or event handler attributes. */
"use strict";

// <select data-navigate>: choosing an option opens the address in its value (the year of a report).
document.addEventListener("change", function (event) {
  var select = event.target.closest && event.target.closest("select[data-navigate]");
  if (select && select.value) {
    window.location.assign(select.value);
  }
});
