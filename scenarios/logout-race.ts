// A logout while a slow write of the same session is in flight: the write saves the session back
// after destroy (every store's set is an upsert), and the old cookie is logged in again.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'logout-race',
  description: 'Start a slow cart write, log out while it is in flight, then try the old cookie.',
  weights: { cart: 1, logout: 1 },
  anonymousShare: 0,
  mode: 'logout-race',
});
