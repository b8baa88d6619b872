// GOV.UK Frontend's body-class snippet, as a file rather than inline so that a
// Content Security Policy can forbid inline scripts. base.html loads it
// synchronously as the first thing in <body>, so styles for `.js-enabled` apply
// before first paint. `govuk-frontend-supported` means the browser runs ES
// modules, which GOV.UK Frontend's JavaScript needs.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
