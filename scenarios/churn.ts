// Abandoned sessions, as real users and bots leave them: the MemoryStore leak made visible.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'churn',
  description:
    'Log in, make a few requests, then drop the cookie and start over without logging out: ' +
    'every abandoned session is left for the store to expire.',
  weights: { dashboard: 3, cart: 1 },
  anonymousShare: 0,
  abandonAfter: 4,
});
