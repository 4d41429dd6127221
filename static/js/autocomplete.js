// An accessible autocomplete over a plain <select data-signpost-autocomplete> (issue 14).
//
// Progressive enhancement: without JavaScript the select works on its own. With it, a text box
// (ARIA 1.2 combobox pattern, https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) filters the
// select's options as the person types; Down and Up move through the suggestions, Enter picks
// one, Escape closes the list. The chosen value is written back into the select, which is what
// the form sends, so only the form's own values can ever be submitted.

const MAX_SHOWN = 12;

function enhance(select) {
  const id = select.id;
  const wrapper = document.createElement("div");
  wrapper.className = "signpost-autocomplete";
  const input = document.createElement("input");
  const list = document.createElement("ul");
  const status = document.createElement("div");
  input.type = "text";
  input.className = "govuk-input signpost-autocomplete__input";
  input.id = id;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${id}-listbox`);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");
  const described = select.getAttribute("aria-describedby");
  if (described) input.setAttribute("aria-describedby", described);
  list.id = `${id}-listbox`;
  list.className = "signpost-autocomplete__list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  select.id = `${id}-select`;
  select.hidden = true;
  select.setAttribute("aria-hidden", "true");
  select.tabIndex = -1;
  const options = Array.from(select.options).filter((o) => o.value !== "");
  const chosen = select.selectedOptions[0];
  input.value = chosen && chosen.value ? chosen.textContent : "";
  select.parentNode.insertBefore(wrapper, select);
  wrapper.append(input, list, status);

  let shown = [];
  let active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function pick(option) {
    select.value = option.value;
    input.value = option.textContent;
    close();
  }

  function highlight(index) {
    const items = list.children;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = index;
    if (active >= 0 && items[active]) {
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
  }

  function render() {
    const query = input.value.trim().toLowerCase();
    list.replaceChildren();
    active = -1;
    if (!query) {
      shown = [];
      select.value = "";
      close();
      status.textContent = "";
      return;
    }
    const starts = options.filter((o) => o.textContent.toLowerCase().startsWith(query));
    const within = options.filter(
      (o) => !starts.includes(o) && o.textContent.toLowerCase().includes(query),
    );
    const matches = starts.concat(within);
    shown = matches.slice(0, MAX_SHOWN);
    const exact = options.find((o) => o.textContent.toLowerCase() === query);
    select.value = exact ? exact.value : "";
    shown.forEach((option, i) => {
      const item = document.createElement("li");
      item.id = `${id}-option-${i}`;
      item.className = "signpost-autocomplete__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = option.textContent;
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        pick(option);
      });
      list.append(item);
    });
    list.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    status.textContent = matches.length
      ? `${matches.length} result${matches.length === 1 ? "" : "s"}${matches.length > MAX_SHOWN ? `, first ${MAX_SHOWN} shown` : ""}`
      : "No results. The online form accepts only the values it lists.";
  }

  input.addEventListener("input", render);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) render();
      if (shown.length) highlight(Math.min(active + 1, shown.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (shown.length) highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      pick(shown[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
}

document.querySelectorAll("select[data-signpost-autocomplete]").forEach(enhance);
