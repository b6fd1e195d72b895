// Passkeys (WebAuthn) for the sign-in, re-authentication and add-a-passkey pages. A form marked data-passkey="get"
// (sign in, confirm) or data-passkey="create" (add) has a button marked data-passkey-start and a hidden CredentialJson
// field. The button is shown only where the browser can use passkeys. On click the page asks the site for options
// (POST to data-options-url with the form's antiforgery token), asks the browser's authenticator, and posts the form
// with the authenticator's answer. Kept in a file: the content security policy allows no inline script.
const supported = typeof window.PublicKeyCredential === 'function'
  && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
  && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';

function showError(form, message) {
  const error = form.querySelector('[data-passkey-error]');
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
}

async function run(form) {
  const mode = form.dataset.passkey;
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  const response = await fetch(form.dataset.optionsUrl, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-TOKEN': token ? token.value : '' },
  });
  if (!response.ok) {
    showError(form, response.status === 401
      ? 'Confirm it is you again, then add your passkey.'
      : 'Your passkey could not be used. Try again.');
    return;
  }

  const options = await response.json();
  let credential;
  try {
    credential = mode === 'create'
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
  } catch {
    showError(form, 'Your passkey was not used. Try again, or use another way.');
    return;
  }

  form.querySelector('input[name="CredentialJson"]').value = JSON.stringify(credential);
  form.submit();
}

for (const form of document.querySelectorAll('form[data-passkey]')) {
  const start = form.querySelector('[data-passkey-start]');
  if (!start) {
    continue;
  }

  if (!supported) {
    continue;
  }

  start.hidden = false;
  start.addEventListener('click', (event) => {
    event.preventDefault();
    run(form);
  });
}
