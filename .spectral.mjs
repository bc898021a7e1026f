// Spectral lints openapi/openapi.json (`npm run lint:openapi`, run in CI) with the OpenAPI rules and the OWASP
// API Security Top 10 (2023) rules. CI fails on any error. Rules turned off here, each with its reason:
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

export default {
  extends: [oas, owasp],
  rules: {
    // Free text (Vietnamese titles, names, notes) cannot be described by a pattern or format. Every string
    // still has maxLength (owasp:api4:2023-string-limit stays on).
    'owasp:api4:2023-string-restricted': 'off',
    // The API sends no CORS headers on purpose: its clients are server-side city systems and scripts, and Swagger
    // UI is served from the same origin. A browser app on another origin is not a supported client.
    'owasp:api8:2023-define-cors-origin': 'off',
  },
  overrides: [
    {
      // Public by design: orchestrators probe health, Prometheus scrapes metrics, and the contract is how a client
      // learns to authenticate in the first place. No credentials are read on these, so there is no 401.
      files: [
        'openapi/openapi.json#/paths/~1health~1live',
        'openapi/openapi.json#/paths/~1health~1ready',
        'openapi/openapi.json#/paths/~1metrics',
        'openapi/openapi.json#/paths/~1openapi.json',
        'openapi/openapi.json#/paths/~1openapi.yaml',
      ],
      rules: { 'owasp:api2:2023-read-restricted': 'off', 'owasp:api8:2023-define-error-responses-401': 'off' },
    },
    {
      // Health checks and metrics are exempt from rate limiting (orchestrators and Prometheus poll them), so
      // they carry no RateLimit headers and no 429.
      files: ['openapi/openapi.json#/paths/~1health~1live', 'openapi/openapi.json#/paths/~1health~1ready', 'openapi/openapi.json#/paths/~1metrics'],
      rules: { 'owasp:api4:2023-rate-limit': 'off', 'owasp:api4:2023-rate-limit-responses-429': 'off' },
    },
  ],
};
