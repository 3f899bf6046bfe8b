// `scaling` of a run on N instances: its throughput against the same cell on one instance (same
// store, scenario and options, no balancer) measured earlier in the same results, with the cores
// of the machine beside it. On a machine with fewer cores than instances + nginx + the load
// generator, efficiency measures contention for the cores, not what more machines would give.
import { cellKey, type Run } from '../../contracts/results.ts';
import { splitInstances } from '../../plan/instances-args.ts';

export function addScaling(run: Run, earlier: readonly Run[], cores: number): void {
  if (run.status !== 'completed') return;
  const { count, rest } = splitInstances(run.options);
  if (count <= 1) return;
  const key = cellKey({ ...run, options: rest });
  const baselines = earlier.filter((r) => r.status === 'completed' && cellKey(r) === key);
  const same = baselines.find((r) => r.repeat === run.repeat) ?? baselines[0];
  if (same?.status !== 'completed' || same.throughput.rps <= 0) return;
  const baselineRps = same.throughput.rps;
  run.scaling = {
    instances: count,
    rps: run.throughput.rps,
    baselineRps,
    efficiency: run.throughput.rps / (count * baselineRps),
    cores,
  };
}
