// Revenue vs payout per day or week, and revenue by brand and platform, on the overview; data comes from the page as JSON (no inline script: CSP-friendly).
(function () {
    const data = JSON.parse(document.getElementById('revenue-data').textContent);
    const canvas = document.getElementById('revenue-chart');
    if (!canvas || typeof Chart === 'undefined') return;
    const rupees = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'INR' });   // the same grouping as the cards
    new Chart(canvas, {
        type: 'line',
        data: {
            labels: data.labels,
            datasets: [
                { label: 'Revenue', data: data.revenue, borderColor: '#0d6efd', backgroundColor: 'rgba(13,110,253,.15)', fill: true, tension: 0.2, pointRadius: 0 },
                { label: 'Payout', data: data.payout, borderColor: '#dc3545', backgroundColor: 'rgba(220,53,69,.1)', fill: false, tension: 0.2, pointRadius: 0 }
            ]
        },
        options: {
            animation: false,
            interaction: { mode: 'index', intersect: false },
            plugins: { legend: { display: true }, tooltip: { callbacks: { label: c => c.dataset.label + ': ' + rupees.format(c.parsed.y) } } },
            scales: { y: { beginAtZero: true, ticks: { callback: v => rupees.format(v) } } }
        }
    });
    canvas.dataset.rendered = 'true';

    for (const [id, part] of [['revenue-by-brand', data.byBrand], ['revenue-by-platform', data.byPlatform]]) {
        const bars = document.getElementById(id);
        if (!bars || !part) continue;
        new Chart(bars, {
            type: 'bar',
            data: { labels: part.labels, datasets: [{ label: 'Revenue', data: part.revenue, backgroundColor: '#0d6efd' }] },
            options: {
                animation: false, indexAxis: 'y',
                plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => rupees.format(c.parsed.x) } } },
                scales: { x: { beginAtZero: true, ticks: { callback: v => rupees.format(v) } } }
            }
        });
        bars.dataset.rendered = 'true';
    }
})();
