// The service page's "Print" button. A file of its own, not an onclick attribute: the Content-Security-Policy
// runs no inline script on the public pages (ucc_site/csp.py).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print-page]")) {
    window.print();
  }
});
