// Upload progress without page reloads: every running upload on the page polls its progress handler.
(function () {
    function paint(el, p) {
        const set = (field, text) => { const x = el.querySelector(`[data-field="${field}"]`); if (x) x.textContent = text; };
        set('phase', p.phase + (p.file ? ` · ${p.file}` : ''));
        set('percent', p.percent + '%');
        const n = x => x.toLocaleString('en-US');
        set('rowsRead', n(p.rowsRead) + (p.file && p.fileRowsTotal ? ` (${p.file}: ${n(p.fileRowsRead)} of ~${n(p.fileRowsTotal)})` : ''));
        const bar = el.querySelector('[data-field="bar"]');
        if (bar) { bar.style.width = p.percent + '%'; bar.parentElement.setAttribute('aria-valuenow', p.percent); }
    }
    document.querySelectorAll('[data-field="bar"]').forEach(bar => { bar.style.width = (bar.dataset.percent || 0) + '%'; });
    document.querySelectorAll('[data-upload-id][data-finished="false"]').forEach(el => {
        const id = el.dataset.uploadId;
        const poll = async () => {
            try {
                const response = await fetch(`/Uploads/Details/${id}?handler=Progress`, { headers: { Accept: 'application/json' } });
                if (response.ok) {
                    const p = await response.json();
                    paint(el, p);
                    if (p.finished) { location.reload(); return; }
                }
            } catch { /* network blip: try again */ }
            setTimeout(poll, 700);
        };
        setTimeout(poll, 300);
    });
})();
