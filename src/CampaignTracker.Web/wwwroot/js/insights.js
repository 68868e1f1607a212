// The insights page: ERR against iROAS (bubble = followers) and the what-if lift slider's label. No inline script: CSP-friendly.
(function () {
    const slider = document.getElementById('lift');
    const label = document.getElementById('lift-value');
    if (slider && label) slider.addEventListener('input', () => { label.textContent = slider.value + '%'; });

    const canvas = document.getElementById('err-iroas-chart');
    if (!canvas || typeof Chart === 'undefined') return;
    const data = JSON.parse(document.getElementById('insights-data').textContent);
    const maxFollowers = Math.max(1, ...data.points.map(p => p.followers));
    new Chart(canvas, {
        type: 'bubble',
        data: {
            datasets: [{
                label: 'Influencers',
                data: data.points.map(p => ({ x: p.x, y: p.y, r: 3 + 12 * Math.sqrt(p.followers / maxFollowers), name: p.name, followers: p.followers })),
                backgroundColor: 'rgba(13,110,253,.35)', borderColor: '#0d6efd'
            }]
        },
        options: {
            animation: false,
            plugins: {
                legend: { display: false },
                tooltip: { callbacks: { label: c => `${c.raw.name}: ERR ${c.raw.x}%, iROAS ${c.raw.y}, ${c.raw.followers.toLocaleString('en-US')} followers` } }
            },
            scales: { x: { title: { display: true, text: 'ERR %' } }, y: { title: { display: true, text: 'iROAS' } } }
        }
    });
    canvas.dataset.rendered = 'true';
})();
