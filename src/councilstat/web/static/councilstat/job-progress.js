// Keeps a background job's page up to date while the job runs, without reloading the page:
// every few seconds it fetches the page again and puts the new progress inside the status
// region, which screen readers announce politely; once the job has finished it shows the
// finished page (the download, or the error) and moves focus to its heading.
//
// A file, not inline script, so the Content-Security-Policy can allow this site's scripts only.
// Without JavaScript, the page's <noscript> refresh reloads it instead. (A <meta> refresh for
// everyone would reload the page under a screen reader's feet: WCAG 2.2.1, axe "meta-refresh".)
const region = document.querySelector("[data-job-refresh]");

if (region) {
  const interval = (Number(region.dataset.jobRefresh) || 2) * 1000;

  const update = async () => {
    let fresh;
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      window.setTimeout(update, interval * 2); // the network or the server: try again later
      return;
    }
    const progress = fresh.querySelector("[data-job-refresh] [data-job-progress]");
    if (progress) {
      region.querySelector("[data-job-progress]").replaceWith(progress);
      window.setTimeout(update, interval);
      return;
    }
    const finished = fresh.querySelector("main");
    document.title = fresh.title;
    document.querySelector("main").replaceWith(finished);
    const heading = finished.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  };

  window.setTimeout(update, interval);
}
