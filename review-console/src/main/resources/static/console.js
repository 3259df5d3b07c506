// Draws the case page's traffic chart from the data the server put on #chart.
(function () {
  const el = document.getElementById('chart');
  if (!el || !window.uPlot) return;
  const d = JSON.parse(el.dataset.chart);
  if (!d.t.length) { el.textContent = 'No traffic recorded yet.'; return; }
  const series = [{}, { label: 'views', stroke: '#0b57d0', width: 2 }];
  const data = [d.t, d.views];
  if (d.validViews.length) {
    series.push({ label: 'valid views', stroke: '#188038', width: 2 });
    series.push({ label: 'likes', stroke: '#e8a200' });
    series.push({ label: 'follows', stroke: '#7a1fa2' });
    series.push({ label: 'suspect share', stroke: '#b3261e', scale: 'share', value: (u, v) => v == null ? '-' : (100 * v).toFixed(1) + '%' });
    data.push(d.validViews, d.likes, d.follows, d.suspectShare);
  }
  const axes = [{}, { label: 'per hour' }];
  if (d.validViews.length) axes.push({ side: 1, scale: 'share', label: 'suspect share', values: (u, vs) => vs.map(v => (100 * v).toFixed(0) + '%') });
  new uPlot({ width: Math.min(el.clientWidth || 900, 1100), height: 260, series, axes,
              scales: { share: { range: [0, 1] } } }, data, el);
  el.dataset.drawn = 'true';
})();
