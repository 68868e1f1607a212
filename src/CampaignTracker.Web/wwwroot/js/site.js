// Formula transparency: every element that explains itself (a KPI card, a column header, a ratio cell) shows its
// title as a tooltip on hover and on keyboard focus, not only after the browser's slow native delay.
(function () {
    if (typeof bootstrap === 'undefined') return;
    for (const el of document.querySelectorAll('.kpi-card[title], th[title], td[title], [data-formula][title], h2[title], label[title]')) {
        if (!el.hasAttribute('tabindex') && !el.querySelector('a, button, input, select')) el.setAttribute('tabindex', '0');
        new bootstrap.Tooltip(el, { trigger: 'hover focus', placement: 'top', container: 'body' });
    }
})();
