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
