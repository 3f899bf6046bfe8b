// The default: a realistic blend of logged-in reads and writes plus anonymous visitors.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'mixed',
  description:
    'Mostly dashboard reads, some cart and preference writes, occasional logout and re-login; ' +
    'one connection in eight is an anonymous visitor without cookies.',
  weights: { dashboard: 75, cart: 10, preferences: 5, home: 5, logout: 5 },
  anonymousShare: 0.125,
});
