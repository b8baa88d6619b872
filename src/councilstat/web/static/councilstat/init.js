// Starts GOV.UK Frontend's JavaScript components (service navigation toggle,
// error summary focus, notification banners, …). Loaded from base.html as a
// module, so it runs only in browsers that get the `govuk-frontend-supported`
// class from body-classes.js. No inline script, so a strict CSP can allow 'self' only.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
