// Write path: one login, then cart and preference writes (store get + set per request).
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'write',
  description: 'Log in once, then add to the cart and change preferences: the store set path.',
  weights: { cart: 3, preferences: 1 },
  anonymousShare: 0,
});
