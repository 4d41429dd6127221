// The guide's "Print this page" button: printing can only be started from a script. Without
// JavaScript the button stays hidden and the page says to print from the browser's menu.
// (A class, not the hidden attribute: .govuk-button's own display rule would override it.)
const buttons = document.querySelectorAll("[data-guide-print]");
for (const button of buttons) {
  button.classList.remove("govuk-!-display-none");
  button.addEventListener("click", () => window.print());
}
if (buttons.length) {
  for (const hint of document.querySelectorAll("[data-guide-print-hint]")) {
    hint.hidden = true;
  }
}
