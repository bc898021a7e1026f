// Spectral lints openapi/openapi.json with the OpenAPI rules and the OWASP API Security Top 10 rules.
// Rules turned off, each with the reason (see also docs/api-conventions.md):
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

export default {
  extends: [oas, owasp],
  rules: {},
};
