// After a failed submit the page comes back with errors: move the keyboard and screen-reader focus to the error
// summary (or, on a form without one, to the first error message), so nobody has to search the page for it. The
// focus is set again once the page has loaded, after the browser's own `autofocus`.
(function () {
  const target = document.querySelector("#error-summary, main .alert-danger, main .invalid-feedback");
  if (!target) {
    return;
  }
  const summary = target.id === "error-summary" || target.classList.contains("alert-danger")
    ? target : target.closest(".mb-3") || target;
  summary.setAttribute("tabindex", "-1");
  document.querySelectorAll("[autofocus]").forEach((element) => element.removeAttribute("autofocus"));
  summary.focus();
  window.addEventListener("load", () => summary.focus());
})();
