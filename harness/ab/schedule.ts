// The order of --ab samples: every variant once per round, the order reversed every other round
// (A B, B A, A B, …; with three variants A B C, C B A, …). Consecutive samples always belong to
// different variants except at a round's turn, and a drift of the machine that grows steadily
// over the run (a neighbour's job ramping up, a cache warming) falls on both sides alike: with a
// plain A B A B, B would always run a half-step later than A and carry half a step of the drift.
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
  return round % 2 === 1 ? [...variants] : [...variants].reverse();
}

/** The first `rounds` rounds, flattened: what the run will do, for the tests and the report. */
export function schedule<T>(variants: readonly T[], rounds: number): T[] {
  return Array.from({ length: rounds }, (_, i) => roundOrder(variants, i + 1)).flat();
}
