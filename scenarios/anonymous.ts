// Anonymous visitors only: no cookies kept, so this measures what saveUninitialized costs.
import { defineScenario } from './types.ts';

export default defineScenario({
  name: 'anonymous',
  description: 'Visitors who never log in and never keep a cookie: what saveUninitialized costs.',
  weights: {},
  anonymousShare: 1,
});
