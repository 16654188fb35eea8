// The searchable picker (haven/core/pickers.py): turns a server-rendered <select> (or
// <select multiple>) inside <div class="picker" data-picker> into a search box with a list
// of matches, following the ARIA combobox pattern:
//   type to filter (accents and case aside; names in Dutch and English and codes match),
//   Down/Up to move through the matches, Enter to choose, Escape to close,
//   Backspace in an empty box removes the last one chosen (several values).
// The chosen values are buttons that remove them. The <select> stays in the form, hidden,
// and holds the value that is posted: without this script the form works as it is.
// The words shown come from the wrapper's data attributes, translated on the server.
(function () {
  "use strict";

  var counter = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }

  function enhance(wrapper) {
    var select = wrapper.querySelector("select");
    if (!select || wrapper.dataset.enhanced) return;
    wrapper.dataset.enhanced = "true";
    var multiple = select.multiple;
    var id = select.id || "picker-" + (++counter);
    var empty = select.querySelector('option[value=""]');

    var ui = document.createElement("div");
    ui.className = "picker-ui";
    var chosen = document.createElement("ul");
    chosen.className = "picker-chosen";
    chosen.setAttribute("aria-label", wrapper.dataset.chosen);
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "-search";
    input.className = "picker-search";
    input.autocomplete = "off";
    input.placeholder = wrapper.dataset.placeholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-listbox");
    var listbox = document.createElement("ul");
    listbox.id = id + "-listbox";
    listbox.className = "picker-list";
    listbox.setAttribute("role", "listbox");
    if (multiple) listbox.setAttribute("aria-multiselectable", "true");
    listbox.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    // One entry per option of the select (the empty one aside), under its group's name.
    var items = [];
    Array.prototype.forEach.call(select.children, function (child) {
      var options = child.tagName === "OPTGROUP" ? child.children : [child];
      var header = null;
      if (child.tagName === "OPTGROUP") {
        header = document.createElement("li");
        header.className = "picker-group";
        header.setAttribute("role", "presentation");
        header.textContent = child.label;
        listbox.appendChild(header);
      }
      Array.prototype.forEach.call(options, function (option) {
        if (option.value === "") return;
        var item = document.createElement("li");
        item.id = id + "-option-" + items.length;
        item.setAttribute("role", "option");
        item.textContent = option.textContent;
        listbox.appendChild(item);
        items.push({
          option: option,
          item: item,
          header: header,
          haystack: fold(option.textContent) + " " + (option.dataset.search || ""),
        });
      });
    });
    var active = -1;

    function visible() {
      return items.filter(function (entry) { return !entry.item.hidden; });
    }

    function setActive(index) {
      var shown = visible();
      items.forEach(function (entry) { entry.item.classList.remove("active"); });
      if (!shown.length) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
        return;
      }
      active = Math.max(0, Math.min(index, shown.length - 1));
      var current = shown[active].item;
      current.classList.add("active");
      input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function filter() {
      var query = fold(input.value).split(/\s+/).filter(Boolean);
      var groups = new Map();
      items.forEach(function (entry) {
        var match = query.every(function (word) { return entry.haystack.indexOf(word) !== -1; });
        entry.item.hidden = !match;
        if (entry.header) groups.set(entry.header, (groups.get(entry.header) || false) || match);
      });
      groups.forEach(function (any, header) { header.hidden = !any; });
      var count = visible().length;
      status.textContent = count ? words(wrapper.dataset.found, { count: count }) : wrapper.dataset.none;
      setActive(0);
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
      render();
    }

    function choose(entry) {
      if (multiple) {
        entry.option.selected = !entry.option.selected;
      } else {
        entry.option.selected = true;
        input.value = "";
        close();
      }
      changed();
      if (multiple) {
        input.value = "";
        filter();
      }
    }

    function remove(entry) {
      entry.option.selected = false;
      if (!multiple && empty) empty.selected = true;
      changed();
      input.focus();
    }

    function render() {
      chosen.textContent = "";
      items.forEach(function (entry) {
        entry.item.setAttribute("aria-selected", entry.option.selected ? "true" : "false");
        if (!entry.option.selected) return;
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "picker-chip";
        button.textContent = entry.option.textContent;
        button.setAttribute("aria-label", words(wrapper.dataset.remove, { name: entry.option.textContent }));
        button.addEventListener("click", function () { remove(entry); });
        li.appendChild(button);
        chosen.appendChild(li);
      });
      if (!chosen.children.length && !multiple && empty && empty.textContent.trim()) {
        var none = document.createElement("li");
        none.className = "picker-empty";
        none.textContent = empty.textContent;
        chosen.appendChild(none);
      }
    }

    input.addEventListener("input", function () {
      open();
      filter();
    });
    input.addEventListener("focus", function () {
      filter();
    });
    input.addEventListener("click", function () {
      open();
      filter();
    });
    input.addEventListener("keydown", function (event) {
      var shown = visible();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (listbox.hidden) {
          open();
          filter();
          return;
        }
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0 && shown[active]) {
          event.preventDefault(); // choose, do not submit the form
          choose(shown[active]);
        } else if (input.value) {
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          input.value = "";
        }
      } else if (event.key === "Backspace" && multiple && !input.value) {
        var last = items.filter(function (entry) { return entry.option.selected; }).pop();
        if (last) remove(last);
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      // A click on an option keeps the focus (mousedown is prevented there).
      close();
    });
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var target = event.target.closest("[role=option]");
      var entry = items.find(function (candidate) { return candidate.item === target; });
      if (entry) choose(entry);
    });

    // The field's label and its help or error text now describe the search box.
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) label.htmlFor = input.id;
    var described = [select.getAttribute("aria-describedby"), document.getElementById(id + "-error") && id + "-error"]
      .filter(Boolean)
      .join(" ");
    if (described) input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));

    ui.appendChild(chosen);
    ui.appendChild(input);
    ui.appendChild(listbox);
    ui.appendChild(status);
    select.hidden = true;
    select.tabIndex = -1;
    select.required = false; // a hidden control cannot show the browser's message; the server checks
    wrapper.appendChild(ui);
    render();
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".picker[data-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  // Forms swapped in by htmx get their pickers too.
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
