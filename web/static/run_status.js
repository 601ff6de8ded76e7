// A matching round's page while the round runs: ask every two seconds whether it is done,
// then show the result. No page refresh on a timer, so nothing moves under a reader's eyes;
// without JavaScript the page offers a button to look again.
(function () {
  var status = document.querySelector("[data-status-url]");
  if (!status) { return; }
  function ask() {
    fetch(status.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (answer) { return answer.json(); })
      .then(function (run) {
        if (run.status === "queued" || run.status === "running") {
          window.setTimeout(ask, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 2000);
})();
