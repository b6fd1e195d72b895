// Autosaves a form marked data-autosave="URL" (an evidence draft, a marking) so no work is lost when the browser closes:
// every few seconds while it changes, and when the page is hidden or left. The form works without this script (its
// Save button posts the same fields). A 409 stops autosaving and says why (data-autosave-conflict names the case).
const form = document.querySelector('form[data-autosave]');

if (form) {
  const url = form.getAttribute('data-autosave');
  const status = document.getElementById('autosave-status');
  const version = form.querySelector('input[name="RowVersion"]');
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  let saved = snapshot();
  let saving = null;
  let stopped = false;

  function snapshot() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  async function save(leaving) {
    const body = snapshot();
    if (stopped || saving || body === saved) {
      return;
    }

    let done;
    saving = new Promise((resolve) => {
      done = resolve;
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-CSRF-TOKEN': token ? token.value : '' },
        credentials: 'same-origin',
        keepalive: leaving,
      });
      if (leaving) {
        return;
      }

      const result = await response.json().catch(() => ({}));
      if (response.ok) {
        version.value = String(result.version);
        saved = body;
        say(result.message || 'Draft saved');
      } else if (response.status === 409) {
        stopped = true;
        say((result.message || form.getAttribute('data-autosave-conflict') || 'This was changed in another tab or window.') + ' Automatic saving has stopped.');
      } else {
        say(result.message || 'Your draft could not be saved automatically. Select Save to keep your changes.');
      }
    } catch {
      say('Your draft could not be saved automatically. Check your connection, then select Save.');
    } finally {
      saving = null;
      done();
    }
  }

  // The Save and Preview buttons post the form themselves; one that comes while an autosave is on its way waits for
  // it, so the form carries the row version the autosave produced rather than conflicting with it.
  form.addEventListener('submit', (event) => {
    stopped = true;
    if (saving) {
      event.preventDefault();
      const submitter = event.submitter;
      saving.then(() => form.requestSubmit(submitter));
    }
  });
  window.setInterval(() => save(false), 5000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      save(true);
    }
  });
  window.addEventListener('pagehide', () => save(true));
}
