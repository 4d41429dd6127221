// One save to the server, shared by the autosave scripts (autosave.js for long answers,
// signs-autosave.js for the signs page). Resolves to the server's JSON answer, or null when the
// answer was not saved: a network error, or a signed-out session's redirect to sign in (which
// is not a save). After a save it tells the timeout warning that the server saw the person.
export async function postSave(url, csrfToken, body) {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "X-CSRFToken": csrfToken,
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        Accept: "application/json",
      },
      body,
      credentials: "same-origin",
      redirect: "manual",
    });
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.includes("application/json")) {
      const data = await response.json();
      document.dispatchEvent(new Event("signpost:activity"));
      return data;
    }
  } catch (error) {
    // Not saved: the caller says so, and the page is saved when the person continues.
  }
  return null;
}
