// Start GOV.UK Frontend's components (error summary focus, header menu, radios and so on).
import { initAll } from "../dist/js/govuk-frontend.min.js";

initAll();
