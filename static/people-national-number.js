// Fills the date of birth and the sex from a Belgian national register or BIS number
// while it is typed, where those fields are still empty. The server does the same and
// checks that the three agree (haven/people/forms.py); this only saves typing.
// Wired by data attributes on the number's input (no inline script):
//   <input data-fills-birth-date="id_birth_date" data-fills-sex="id_sex">
(function () {
  "use strict";

  function checksumOk(base, check) {
    // base: the first 9 digits, with a "2" in front for people born from 2000 on.
    return 97 - Number(BigInt(base) % 97n) === check;
  }

  function facts(value) {
    var digits = value.replace(/[\s.\-]/g, "");
    if (!/^\d{11}$/.test(digits)) return null;
    var check = Number(digits.slice(9));
    var century;
    if (checksumOk(digits.slice(0, 9), check)) century = 1900;
    else if (checksumOk("2" + digits.slice(0, 9), check)) century = 2000;
    else return null;
    var rawMonth = Number(digits.slice(2, 4));
    var month = rawMonth % 20;
    var day = Number(digits.slice(4, 6));
    var year = century + Number(digits.slice(0, 2));
    var date = null;
    if (month >= 1 && month <= 12 && day >= 1 && day <= new Date(year, month, 0).getDate()) {
      date = { year: year, month: month, day: day };
    }
    // A BIS number with month + 20 leaves the sex open; + 40 (and a national number) fixes it.
    var sex = null;
    if (rawMonth < 20 || rawMonth >= 40) sex = Number(digits.slice(6, 9)) % 2 ? "M" : "F";
    return { date: date, sex: sex };
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function fill(input) {
    var found = facts(input.value);
    if (!found) return;
    var birth = document.getElementById(input.dataset.fillsBirthDate || "");
    if (birth && !birth.value && found.date) {
      birth.value = pad(found.date.day) + "/" + pad(found.date.month) + "/" + found.date.year;
    }
    var sex = document.getElementById(input.dataset.fillsSex || "");
    if (sex && !sex.value && found.sex) sex.value = found.sex;
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.dataset.fillsBirthDate !== undefined) fill(target);
  });
})();
