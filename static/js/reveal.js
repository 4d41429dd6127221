// Conditional reveal for the answer sheet's follow-up questions (issue 14).
//
// Without JavaScript every follow-up shows, saying which answer it belongs to. With it, a
// follow-up shows only while the answer that opens it is chosen, as GOV.UK's conditional reveal
// does, so the lead sees it at once without saving. Hidden follow-ups are not sent as answers:
// the server drops them too (referrals.forms.SheetSectionForm.answers).

function update(block) {
  const name = block.dataset.revealField;
  const value = block.dataset.revealValue;
  const inputs = document.querySelectorAll(`input[name="${CSS.escape(name)}"]`);
  let open = false;
  inputs.forEach((input) => {
    if (input.checked && input.value === value) {
      open = true;
    }
  });
  block.hidden = !open;
  inputs.forEach((input) => {
    if (input.value === value) {
      input.setAttribute("aria-controls", block.id);
    }
  });
}

document.querySelectorAll("[data-reveal-field]").forEach((block) => {
  const when = block.querySelector(".signpost-conditional__when");
  if (when) when.hidden = true;
  update(block);
  document
    .querySelectorAll(`input[name="${CSS.escape(block.dataset.revealField)}"]`)
    .forEach((input) => input.addEventListener("change", () => update(block)));
});
