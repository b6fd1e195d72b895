// Starts govuk-frontend's components. It replaces the inline script of govuk-frontend's page template, which our
// content security policy forbids: a module script runs only in browsers that support ES modules, which is exactly
// govuk-frontend's own test for adding 'govuk-frontend-supported'.
import { initAll } from '../lib/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// Conditional reveals on radios: a radio with data-app-reveals="id" shows the govuk-radios__conditional block of
// that id while it is chosen. govuk-frontend's own reveal sets aria-expanded on the radio, which ARIA does not allow
// on radios (axe refuses it); its checkboxes' reveal is used as it is. Without JavaScript every block shows.
const syncReveals = () => {
  for (const radio of document.querySelectorAll('input[type="radio"][data-app-reveals]')) {
    document.getElementById(radio.dataset.appReveals)?.classList.toggle('govuk-radios__conditional--hidden', !radio.checked);
  }
};
document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.type === 'radio') {
    syncReveals();
  }
});
syncReveals();

// Organisation lists: typing in the filter box hides the organisations whose name and code do not contain the text
// (chosen ones always stay in view). Enter filters rather than sending the form.
for (const box of document.querySelectorAll('[data-app-filter-for]')) {
  const list = document.getElementById(box.dataset.appFilterFor);
  const input = box.querySelector('input');
  if (!list || !input) {
    continue;
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
    }
  });
  input.addEventListener('input', () => {
    const text = input.value.trim().toLowerCase();
    for (const item of list.querySelectorAll('.govuk-checkboxes__item')) {
      const checked = item.querySelector('input')?.checked === true;
      item.classList.toggle('app-filtered-out', text.length > 0 && !checked && !item.textContent.toLowerCase().includes(text));
    }
  });
}

// Media picker of the page editor: "Insert" puts the file's Markdown into the body where the cursor is. Without
// JavaScript the buttons are hidden and the Markdown shown beside each file is copied by hand.
for (const button of document.querySelectorAll('[data-app-insert]')) {
  const target = document.getElementById(button.dataset.appInsertInto);
  if (!target) {
    continue;
  }

  button.hidden = false;
  button.addEventListener('click', () => {
    const at = target.selectionStart ?? target.value.length;
    const text = `\n\n${button.dataset.appInsert}\n\n`;
    target.value = target.value.slice(0, at) + text + target.value.slice(target.selectionEnd ?? at);
    target.focus();
    target.selectionStart = target.selectionEnd = at + text.length;
  });
}
