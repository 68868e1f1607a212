// Forms marked data-confirm ask before they are sent (an inline onsubmit would break the Content-Security-Policy).
(function () {
    document.querySelectorAll('form[data-confirm]').forEach(form => {
        form.addEventListener('submit', event => {
            if (!window.confirm(form.dataset.confirm)) event.preventDefault();
        });
    });
})();
