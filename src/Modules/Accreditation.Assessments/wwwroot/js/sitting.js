// The sitting page: a countdown of the time the server allows, and a save of each answer the moment it changes.
// The server's clock decides when time is up; this countdown only shows it. Without this script the page still works:
// its buttons post the answer and move on.
const countdown = document.getElementById('countdown');
const countdownTime = document.getElementById('countdown-time');
let endsAt = null;

function setSecondsLeft(seconds) {
  endsAt = performance.now() + seconds * 1000;
}

function tick() {
  if (endsAt === null) {
    return;
  }

  const left = Math.max(0, Math.round((endsAt - performance.now()) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = left % 60;
  countdownTime.textContent = `${minutes} minute${minutes === 1 ? '' : 's'} ${seconds} second${seconds === 1 ? '' : 's'}`;
  if (left === 0) {
    // The server submits the sitting at its own deadline; reloading shows the outcome.
    endsAt = null;
    window.setTimeout(() => window.location.reload(), 1500);
  }
}

if (countdown && countdownTime) {
  setSecondsLeft(Number(countdown.getAttribute('data-seconds-left')) || 0);
  tick();
  window.setInterval(tick, 1000);
}

const form = document.getElementById('answer-form');

if (form) {
  const url = form.getAttribute('data-save-url');
  const position = Number(form.getAttribute('data-position'));
  const submittedUrl = form.getAttribute('data-submitted-url');
  const status = document.getElementById('save-status');
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  let pending = null;
  let retry = null;

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  async function send(save) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(save),
        headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token ? token.value : '' },
        credentials: 'same-origin',
      });
      const result = await response.json().catch(() => ({}));
      if (response.status === 409) {
        window.location.assign(submittedUrl);
        return;
      }

      if (typeof result.secondsLeft === 'number' && response.ok) {
        setSecondsLeft(result.secondsLeft);
      }

      if (response.ok || response.status === 400 || response.status === 404) {
        if (pending === save) {
          pending = null;
        }

        say(result.message || (response.ok ? 'Answer saved' : 'Your answer could not be saved.'));
        return;
      }

      throw new Error(String(response.status));
    } catch {
      say('Your answer has not been saved yet: check your connection. We will keep trying.');
      if (!retry) {
        retry = window.setTimeout(() => {
          retry = null;
          if (pending) {
            send(pending);
          }
        }, 3000);
      }
    }
  }

  form.addEventListener('change', () => {
    const choices = Array.from(form.querySelectorAll('input[name="Choices"]:checked')).map((input) => input.value);
    // The change's own time travels with it: of two saves of one question (two tabs, or a retry overtaken by a newer
    // change), the server keeps the later change, whichever arrives last.
    pending = { position, choices, changedAt: Date.now() };
    say('Saving your answer…');
    send(pending);
  });
  window.addEventListener('online', () => {
    if (pending) {
      send(pending);
    }
  });
}
