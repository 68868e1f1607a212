// Revenue (line) and orders (bars) over time on a detail page; data from the page's JSON block (no inline script: CSP-friendly).
(function () {
    const canvas = document.querySelector('canvas[data-timeline], #influencer-chart, #campaign-chart');
    const source = document.getElementById('influencer-data') || document.getElementById('campaign-data');
    if (!canvas || !source || typeof Chart === 'undefined') return;
    const data = JSON.parse(source.textContent);
    const rupees = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'INR' });
    new Chart(canvas, {
        data: {
            labels: data.labels,
            datasets: [
                { type: 'line', label: 'Revenue', data: data.revenue, borderColor: '#0d6efd', yAxisID: 'y', pointRadius: 0, tension: 0.2 },
                ...(data.orders.length ? [{ type: 'bar', label: 'Orders', data: data.orders, backgroundColor: 'rgba(25,135,84,.4)', yAxisID: 'orders' }] : [])
            ]
        },
        options: {
            animation: false,
            interaction: { mode: 'index', intersect: false },
            plugins: { tooltip: { callbacks: { label: c => c.dataset.label + ': ' + (c.dataset.yAxisID === 'y' ? rupees.format(c.parsed.y) : c.parsed.y.toLocaleString('en-US')) } } },
            scales: {
                y: { beginAtZero: true, ticks: { callback: v => rupees.format(v) } },
                orders: { display: data.orders.length > 0, beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }
            }
        }
    });
    canvas.dataset.rendered = 'true';
})();
