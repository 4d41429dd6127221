// The session timeout warning (the GOV.UK/HMRC pattern): two minutes before the idle limit a
// modal dialog says so and lets the person stay signed in. Without JavaScript the server still
// signs them out at the limit and the sign-in page explains why.
const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const idle = Number(dialog.dataset.idle) * 1000;
  const warning = Number(dialog.dataset.warning) * 1000;
  // The server writes its last-seen time at most this often, so a request it has just seen may
  // not have moved it: count from that much earlier, and warn early rather than late.
  const slack = Number(dialog.dataset.lastSeenEvery || 0) * 1000;
  const countdown = dialog.querySelector(".signpost-countdown");
  const extendButton = dialog.querySelector("[data-timeout-extend]");
  const csrf = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let lastActive = Date.now();
  let returnFocus = null;
  let tick = null;

  const describe = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const check = () => {
    const remaining = idle - (Date.now() - lastActive);
    // A little after the limit, so the server has certainly ended the session too.
    if (remaining <= -1500) {
      window.location.assign(dialog.dataset.signOutUrl);
      return;
    }
    if (remaining <= warning && !dialog.open) {
      returnFocus = document.activeElement;
      countdown.textContent = describe(remaining);
      dialog.showModal();
      extendButton.focus();
    }
    if (dialog.open) {
      // Update in whole minutes, then every 20 seconds near the end, so screen readers are not
      // flooded (aria-live="polite").
      const text = describe(remaining);
      if (remaining > 60000 || Math.ceil(remaining / 1000) % 20 === 0) {
        countdown.textContent = text;
      }
    }
  };

  const extend = async () => {
    const response = await fetch(dialog.dataset.extendUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    if (response.ok) {
      lastActive = Date.now() - slack;
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    } else {
      window.location.assign(dialog.dataset.signOutUrl);
    }
  };

  extendButton.addEventListener("click", extend);
  // Escape would close the dialog without telling the server: treat it as "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    extend();
  });
  // Other scripts (autosave) tell us when the server has seen the person active.
  document.addEventListener("signpost:activity", () => {
    lastActive = Date.now() - slack;
  });
  tick = window.setInterval(check, 1000);
}
