// The scenario registry: one line per scenario file.
import anonymous from './anonymous.ts';
import churn from './churn.ts';
import concurrent from './concurrent.ts';
import login from './login.ts';
import logoutRace from './logout-race.ts';
import mixed from './mixed.ts';
import read from './read.ts';
import write from './write.ts';
import type { Scenario } from './types.ts';

export const scenarios: Record<string, Scenario> = {
  mixed,
  read,
  write,
  login,
  anonymous,
  churn,
  concurrent,
  'logout-race': logoutRace,
};
export const DEFAULT_SCENARIO = 'mixed';
