// Issue 17: the filter form's multi-value selects become searchable (Tom Select, from /lib); a date preset fills the two
// dates and submits the form, so choices not yet applied are kept; empty fields stay out of the URL. Without
// JavaScript the plain selects and the preset links work on their own. The URL stays the only state.
(function () {
    if (typeof TomSelect !== 'undefined') {
        for (const select of document.querySelectorAll('select[multiple][data-searchable]')) {
            new TomSelect(select, {
                plugins: { remove_button: { title: 'Remove' } },
                maxOptions: null,
                placeholder: 'Any: type to search',
                hidePlaceholder: true,
                onItemAdd() { this.setTextboxValue(''); this.refreshOptions(false); },   // the next value is typed from scratch
            });
        }
    }
    for (const link of document.querySelectorAll('a[data-preset]')) {
        link.addEventListener('click', event => {
            const form = link.closest('form');
            if (!form || !form.elements.from || !form.elements.to) return;
            event.preventDefault();
            form.elements.from.value = link.dataset.from ?? '';
            form.elements.to.value = link.dataset.to ?? '';
            form.requestSubmit();
        });
    }
    for (const form of document.querySelectorAll('form#filters, form#alert-filters')) {
        form.addEventListener('formdata', event => {
            for (const [name, value] of [...event.formData.entries()]) if (value === '') event.formData.delete(name);
        });
    }
})();
