// What a scenario file declares: what each virtual user does, as data.
import { z } from 'zod';

/** Requests a logged-in user may pick by weight. Login is implied whenever a user has no session. */
export const ACTIONS = ['dashboard', 'cart', 'preferences', 'logout', 'home'] as const;
export type WeightedAction = (typeof ACTIONS)[number];
export type Action = WeightedAction | 'login';

export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    description: z.string().min(1),
    /** Relative weights of what a logged-in user does next. */
    weights: z.partialRecord(z.enum(ACTIONS), z.number().nonnegative()),
    /** Share of connections that are anonymous visitors: GET / only, cookies never kept. */
    anonymousShare: z.number().min(0).max(1),
    /** After this many requests since login, the user drops its cookie and starts over (no logout). */
    abandonAfter: z.number().int().positive().optional(),
    /**
     * How users behave: `weighted` (default) picks requests by weight; `concurrent` sends --parallel
     * cart adds of one user at once and reads the cart back; `logout-race` logs out while a slow
     * write is in flight and tries the old cookie (harness/concurrency/).
     */
    mode: z.enum(['weighted', 'concurrent', 'logout-race']).optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;

export function defineScenario(s: Scenario): Scenario {
  return scenarioSchema.parse(s);
}
