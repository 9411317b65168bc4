// Progressive enhancement only: every page works without this file.
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();

// "Copy link" for the private link (the button stays hidden without JavaScript or a clipboard).
for (const button of document.querySelectorAll(".app-copy-button")) {
  const target = document.getElementById(button.dataset.copyTarget);
  if (!target || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(target.textContent.trim());
    button.textContent = "Link copied";
  });
}

// "Print this plan".
for (const button of document.querySelectorAll(".app-print-button")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// Printing: folded sections ("What to do", "What to expect") print closed in browsers, so a printed
// plan would lose its steps. Open them for printing and fold them back afterwards.
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint = [...document.querySelectorAll("details:not([open])")];
  for (const details of openedForPrint) details.open = true;
});
window.addEventListener("afterprint", () => {
  for (const details of openedForPrint) details.open = false;
  openedForPrint = [];
});

// "Making your PDF": a PDF takes a few seconds to make and the browser shows nothing meanwhile, so
// the download form says so in its status region (announced by screen readers), then clears it:
// the page cannot tell when a download has finished. Without JavaScript the form downloads as before.
for (const form of document.querySelectorAll('form[data-module="app-download-status"]')) {
  const status = form.querySelector(".app-download-status");
  if (!status) continue;
  let clearTimer;
  form.addEventListener("submit", () => {
    clearTimeout(clearTimer);
    status.textContent = "Making your PDF. This can take a few seconds.";
    clearTimer = setTimeout(() => {
      status.textContent = "";
    }, 15000);
  });
  // Back to the page from the browser's cache: the earlier message is out of date.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      clearTimeout(clearTimer);
      status.textContent = "";
    }
  });
}

// Staff: warn 5 minutes before the 30-minute inactivity sign-out; "Stay signed in" tells the server.
// Just before the end, an answer on the page is saved (autosave) and the session ends.
const warning = document.getElementById("timeout-warning");
if (warning && typeof warning.showModal === "function") {
  const seconds = Number(warning.dataset.timeout) || 1800;
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => warning.showModal(), (seconds - 300) * 1000);
    endTimer = setTimeout(() => {
      const form = document.querySelector("form[data-autosave]");
      if (form) {
        const flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "autosave";
        flag.value = "1";
        form.append(flag);
        form.submit();
      } else {
        window.location.assign("/staff/sign-in?timed_out=1");
      }
    }, (seconds - 20) * 1000);
  };
  document.getElementById("timeout-stay").addEventListener("click", async () => {
    const body = new FormData();
    body.append("csrf_token", warning.dataset.csrf);
    await fetch("/staff/keep-alive", { method: "POST", body, credentials: "same-origin" });
    warning.close();
    schedule();
  });
  schedule();
}
