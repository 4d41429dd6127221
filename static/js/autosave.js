// Autosave for long answers (progressive enhancement: without JavaScript each page is saved
// when the person presses Continue). Saves to the server only, never to browser storage:
// about every 20 seconds while the text has changed, when the person leaves the field, and
// when the page is hidden or closed. After each save it tells the timeout warning that the
// server has seen the person active.
import { postSave } from "./autosave-post.js";

const form = document.querySelector("form[data-autosave-url]");

if (form && window.fetch && window.URLSearchParams) {
  const url = form.dataset.autosaveUrl;
  const pageSlug = form.dataset.autosavePage;
  const every = Math.max(1, Number(form.dataset.autosaveInterval) || 20) * 1000;
  const status = document.getElementById("autosave-status");
  const csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  const fields = Array.from(form.querySelectorAll("[data-autosave]"));
  const saved = new Map(fields.map((field) => [field.name, field.value]));
  let inFlight = false;
  let submitting = false;

  const dirty = () => fields.filter((field) => field.value !== saved.get(field.name));

  const body = (changed) => {
    const params = new URLSearchParams();
    params.set("page", pageSlug);
    changed.forEach((field) => params.set(field.name, field.value));
    return params;
  };

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  const save = async () => {
    const changed = dirty();
    if (inFlight || submitting || changed.length === 0) {
      return;
    }
    inFlight = true;
    const snapshot = changed.map((field) => [field.name, field.value]);
    try {
      const data = await postSave(url, csrfInput.value, body(changed));
      if (data) {
        snapshot.forEach(([name, value]) => saved.set(name, value));
        say(`Saved at ${data.saved_at}`);
      } else {
        say("Not saved yet. Your answer will be saved when you continue.");
      }
    } finally {
      inFlight = false;
    }
  };

  // When the tab is hidden or closed, a beacon still reaches the server.
  const saveOnLeave = () => {
    const changed = dirty();
    if (submitting || changed.length === 0 || !navigator.sendBeacon) {
      return;
    }
    const data = new FormData();
    data.set("csrfmiddlewaretoken", csrfInput.value);
    data.set("page", pageSlug);
    changed.forEach((field) => data.set(field.name, field.value));
    if (navigator.sendBeacon(url, data)) {
      changed.forEach((field) => saved.set(field.name, field.value));
    }
  };

  fields.forEach((field) => field.addEventListener("blur", save));
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.setInterval(save, every);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      saveOnLeave();
    }
  });
  window.addEventListener("pagehide", saveOnLeave);
}
