// Two tabs adding to one cart: each user sends --parallel cart adds at once, each on a connection of
// its own, then reads its cart back. express-session writes the whole session at the end of each
// request, so overlapping writes lose all but the last (last writer wins): lostUpdates measures it.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'concurrent',
  description: 'Each user sends --parallel cart adds at once (browser tabs, parallel XHRs), then reads its cart back.',
  weights: { cart: 1 },
  anonymousShare: 0,
  mode: 'concurrent',
});
