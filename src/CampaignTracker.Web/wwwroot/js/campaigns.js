// Revenue per week by campaign on the campaigns page; data from the page's JSON block (no inline script: CSP-friendly).
(function () {
    const canvas = document.getElementById('campaign-timeline-chart');
    const source = document.getElementById('campaign-timeline-data');
    if (!canvas || !source || typeof Chart === 'undefined') return;
    const data = JSON.parse(source.textContent);
    const rupees = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'INR' });
    const colours = ['#0d6efd', '#dc3545', '#198754', '#fd7e14', '#6f42c1', '#20c997', '#d63384', '#6c757d', '#0dcaf0', '#ffc107'];
    new Chart(canvas, {
        type: 'line',
        data: {
            labels: data.labels,
            datasets: data.series.map((s, i) => ({ label: s.label, data: s.revenue, borderColor: colours[i % colours.length], pointRadius: 0, tension: 0.2 }))
        },
        options: {
            animation: false,
            interaction: { mode: 'index', intersect: false },
            plugins: { tooltip: { callbacks: { label: c => c.dataset.label + ': ' + rupees.format(c.parsed.y) } } },
            scales: { y: { beginAtZero: true, ticks: { callback: v => rupees.format(v) } } }
        }
    });
    canvas.dataset.rendered = 'true';
})();
