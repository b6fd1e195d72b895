// Initialises govuk-frontend components; loaded as a module so no inline script is needed under our CSP.
import { initAll } from '../lib/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
