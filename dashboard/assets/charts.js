// Charts below the first one wait until it has been drawn (served from /assets, allowed by
// the Content-Security-Policy as 'self'). Dash drew every chart of the advice page in one
// go, and the page showed nothing until the last was done; now the ranking and the
// trade-off chart show first and the charts below follow a frame later.
function idle(then) {
  if (window.requestIdleCallback) window.requestIdleCallback(then, { timeout: 1000 });
  else setTimeout(then, 50);
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  samenwerking: {
    after_top_chart: function (chart, topBox) {
      if (!chart) return chart; // nothing to draw: empty the box at once
      return new Promise(function (resolve) {
        var started = Date.now();
        function check() {
          var drawn = document.querySelector("#" + topBox + " .main-svg");
          if (drawn || Date.now() - started > 3000) {
            // Plotly draws in steps; the browser is idle once the chart above is done.
            idle(function () { resolve(chart); });
          } else {
            setTimeout(check, 25);
          }
        }
        check();
      });
    },
  },
});
