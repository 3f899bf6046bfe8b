// Create/destroy path: log in, log out, repeat.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'login',
  description: 'Log in, log out, repeat: session creation (regenerate) and destruction.',
  weights: { logout: 1 },
  anonymousShare: 0,
});
