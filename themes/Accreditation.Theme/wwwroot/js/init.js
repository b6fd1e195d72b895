// Starts govuk-frontend's components. It replaces the inline script of govuk-frontend's page template, which our
// content security policy forbids: a module script runs only in browsers that support ES modules, which is exactly
// govuk-frontend's own test for adding 'govuk-frontend-supported'.
import { initAll } from '../lib/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
