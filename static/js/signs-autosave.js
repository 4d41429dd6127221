// Autosave for the signs page (issue 19): each tick, untick, yes or no is saved as it is made,
// so closing the tab loses nothing. Progressive enhancement: without JavaScript the page is
// saved when the person presses Continue. The whole set of choices is sent each time (an
// unticked box is simply absent from a form), to the server only, never to browser storage.
// The "Something else" box is saved by autosave.js like any long answer.
import { postSave } from "./autosave-post.js";

const form = document.querySelector("form[data-signs-autosave]");

if (form && window.fetch && window.FormData && window.URLSearchParams) {
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("autosave-status");
  const csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  let submitting = false;
  let pending = null;
  let inFlight = false;

  const choices = () => {
    const params = new URLSearchParams();
    params.set("page", form.dataset.autosavePage);
    params.set("choices", "all");
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((input) => {
      if (input.checked) {
        params.append(input.name, input.value);
      }
    });
    return params;
  };

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  const save = async () => {
    if (submitting) {
      return;
    }
    if (inFlight) {
      pending = true; // save again once this one is done, with the latest choices
      return;
    }
    inFlight = true;
    pending = false;
    try {
      const data = await postSave(url, csrfInput.value, choices());
      say(
        data
          ? `Saved at ${data.saved_at}`
          : "Not saved yet. Your answers will be saved when you continue.",
      );
    } finally {
      inFlight = false;
      if (pending) {
        save();
      }
    }
  };

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], input[type=radio]")) {
      save();
    }
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
}
