// The script of report.html and compare.html: draws the charts that the embedded data has with Chart.js, and filters
// report.html's account list. Runs offline: everything it needs is inline.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var Chart = window.Chart;

  var OUTCOME_COLOURS = {
    paid: '#2e7d32',
    settled: '#66bb6a',
    'payment-plan': '#9ccc65',
    active: '#1e88e5',
    'hold:dispute': '#fb8c00',
    disputed: '#ef6c00',
    ceased: '#8e24aa',
    recalled: '#6d4c41',
    'returned-to-creditor': '#546e7a',
    uncollectible: '#b0bec5',
  };
  var FALLBACK = ['#00838f', '#c62828', '#5e35b1', '#f9a825', '#3949ab', '#ad1457'];
  function colourOf(outcome, i) {
    return OUTCOME_COLOURS[outcome] || FALLBACK[i % FALLBACK.length];
  }

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.color = '#3e4c59';
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

  // Writes each bar's value at its end (a horizontal bar chart's label plugin).
  function barValues(format) {
    return {
      id: 'barValues',
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx;
        ctx.save();
        ctx.font = `12px ${Chart.defaults.font.family}`;
        ctx.fillStyle = '#3e4c59';
        ctx.textBaseline = 'middle';
        chart.getDatasetMeta(0).data.forEach(function (bar, i) {
          ctx.fillText(format(chart.data.datasets[0].data[i]), bar.x + 6, bar.y);
        });
        ctx.restore();
      },
    };
  }

  var charts = {};

  // One recovery curve per series: the run's own on report.html, one per what-if run on compare.html.
  var CURVE_COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f'];
  function recoveryCurves(id, curves) {
    var single = curves.length === 1;
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: {
        labels: curves[0].days,
        datasets: curves.map(function (curve, i) {
          var colour = CURVE_COLOURS[i % CURVE_COLOURS.length];
          return {
            label: curve.label,
            data: curve.percent,
            borderColor: colour,
            backgroundColor: single ? 'rgba(21, 101, 192, 0.12)' : colour,
            fill: single,
            stepped: true,
            borderWidth: 2,
            pointRadius: 0,
            pointHitRadius: 6,
          };
        }),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { title: { display: true, text: 'days since placement' }, ticks: { maxTicksLimit: 13, maxRotation: 0 } },
          y: {
            beginAtZero: true,
            suggestedMax: 25,
            title: { display: true, text: '% of the placed balance collected' },
            ticks: {
              callback: function (v) {
                return `${v}%`;
              },
            },
          },
        },
        plugins: {
          legend: { display: !single, position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: function (items) {
                return `day ${items[0].label}`;
              },
              label: function (item) {
                var curve = curves[item.datasetIndex];
                return (
                  (single ? '' : `${curve.label}: `) +
                  item.formattedValue +
                  '% collected (' +
                  curve.accounts[item.dataIndex] +
                  ' accounts this old)'
                );
              },
            },
          },
        },
      },
    });
  }
  charts.recoveryCurve = recoveryCurves('recovery-curve', data.curves);

  var placed = data.placed;
  if (data.funnel)
    charts.stageFunnel = new Chart(document.getElementById('stage-funnel'), {
      type: 'bar',
      data: {
        labels: data.funnel.steps,
        datasets: [
          {
            label: 'accounts',
            data: data.funnel.accounts,
            backgroundColor: ['#1565c0', '#1e88e5', '#42a5f5', '#90caf9', '#2e7d32'],
            borderRadius: 3,
          },
        ],
      },
      plugins: [
        barValues(function (v) {
          return v + (placed ? ` (${Math.round((v / placed) * 100)}%)` : '');
        }),
      ],
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 70 } },
        scales: {
          x: { beginAtZero: true, suggestedMax: placed, title: { display: true, text: 'accounts' }, ticks: { precision: 0 } },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
        },
      },
    });

  function stacked(id, series, axisTitle) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: series.outcomes.map(function (o, i) {
          return { label: o.outcome, data: o.counts, backgroundColor: colourOf(o.outcome, i), borderWidth: 0, maxBarThickness: 56 };
        }),
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { stacked: true, beginAtZero: true, title: { display: true, text: axisTitle }, ticks: { precision: 0 } },
          y: { stacked: true, grid: { display: false } },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
  }
  if (data.personas) charts.outcomesByPersona = stacked('outcomes-by-persona', data.personas, 'accounts');
  if (data.variants) charts.outcomesByVariant = stacked('outcomes-by-variant', data.variants, 'accounts');
  if (data.recoveryByVariant) charts.recoveryByVariant = recoveryWithIntervals('recovery-by-variant', data.recoveryByVariant);
  if (data.runs) charts.outcomesByRun = stacked('outcomes-by-run', data.runs, 'accounts');
  if (data.recoveryByRun) charts.recoveryByRun = recoveryWithIntervals('recovery-by-run', data.recoveryByRun);

  // The recovery rate of each group as a point, its 95% interval as a floating bar behind it.
  function recoveryWithIntervals(id, series) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [
          {
            type: 'line',
            label: 'recovery rate',
            data: series.percent,
            showLine: false,
            pointRadius: 6,
            pointHoverRadius: 7,
            pointBackgroundColor: '#1565c0',
            borderColor: '#0d47a1',
          },
          {
            type: 'bar',
            label: '95% interval',
            data: series.ci,
            backgroundColor: 'rgba(30, 136, 229, 0.25)',
            borderColor: '#1e88e5',
            borderWidth: 1,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        scales: {
          y: {
            beginAtZero: true,
            suggestedMax: 50,
            title: { display: true, text: '% of the placed balance collected' },
            ticks: {
              callback: function (v) {
                return `${v}%`;
              },
            },
          },
          x: { grid: { display: false } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var v = item.raw;
                if (Array.isArray(v)) return `95% interval ${v[0]}% – ${v[1]}%`;
                return v === null ? 'n/a' : `recovery rate ${v}%`;
              },
            },
          },
        },
      },
    });
  }

  // The account list (report.html only): filter by persona, variant and outcome.
  if (document.getElementById('timeline')) filters();
  function filters() {
    var persona = document.getElementById('filter-persona');
    var variant = document.getElementById('filter-variant');
    var outcome = document.getElementById('filter-outcome');
    var countLabel = document.getElementById('filter-count');
    function filter() {
      var shown = 0;
      document.querySelectorAll('details.account').forEach(function (row) {
        var visible =
          (!persona.value || row.dataset.persona === persona.value) &&
          (!variant.value || row.dataset.variant === variant.value) &&
          (!outcome.value || row.dataset.outcome === outcome.value);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      countLabel.textContent = shown + (shown === 1 ? ' account' : ' accounts');
    }
    persona.addEventListener('change', filter);
    variant.addEventListener('change', filter);
    outcome.addEventListener('change', filter);
  }

  window.tactfulReport = { charts: charts };
  document.body.dataset.charts = 'rendered';
})();
