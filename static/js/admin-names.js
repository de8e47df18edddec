// Accessible names for the widgets the admin's own scripts build without one.
// - Django's autocomplete (select2) names its combobox after the chosen value only, so an
//   empty one has no name at all (axe: aria-input-field-name). It gets the field's label
//   first, then the value.
// - The filter_horizontal search icon is a plain <span> with an aria-label, which ARIA does
//   not allow on an element without a role (axe: aria-prohibited-attr). As an image its
//   label is allowed, and it names the search box the <label> around it points at.
// Both widgets are built after load and when an inline row is added, hence the observer.
"use strict";
(function () {
  function nameCombobox(selection) {
    const container = selection.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    let nameId;
    const label = select.labels && select.labels[0];
    if (label && label.textContent.trim()) {
      label.id = label.id || `${select.id}-label`;
      nameId = label.id;
    } else if (select.getAttribute("aria-label")) {
      // A tabular inline's select is named by aria-label (core/admin.py LabelledTabularInline).
      const name = document.createElement("span");
      name.hidden = true;
      name.id = `${select.id}-name`;
      name.textContent = select.getAttribute("aria-label");
      container.appendChild(name);
      nameId = name.id;
    } else {
      return;
    }
    // The chosen value is a read-only textbox inside the combobox: the field's label names
    // it too, and the combobox reads as the label followed by the value.
    const rendered = selection.querySelector(".select2-selection__rendered[id]");
    if (rendered) rendered.setAttribute("aria-labelledby", nameId);
    selection.setAttribute("aria-labelledby", rendered ? `${nameId} ${rendered.id}` : nameId);
  }

  function fix(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const combos = node.matches(".select2-selection[role=combobox]") ? [node] : [];
    combos.push(...node.querySelectorAll(".select2-selection[role=combobox]"));
    combos.forEach(nameCombobox);
    const icons = node.matches("span.help-tooltip[aria-label]:not([role])") ? [node] : [];
    icons.push(...node.querySelectorAll("span.help-tooltip[aria-label]:not([role])"));
    icons.forEach((icon) => icon.setAttribute("role", "img"));
  }

  new MutationObserver((mutations) => {
    mutations.forEach((mutation) => mutation.addedNodes.forEach(fix));
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
