// Read path: one login, then dashboard reads (store get, plus touch when the store has it).
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'read',
  description: 'Log in once, then read the dashboard: the store get/touch path.',
  weights: { dashboard: 1 },
  anonymousShare: 0,
});
