// The chart registry, in page order: adding a chart is one file and one line here.
import type { ChartDef } from './chart-def.ts';
import { cookieChart } from './cookie-chart.ts';
import { latencyChart } from './latency-chart.ts';
import { memoryChart } from './memory-chart.ts';
import { optionEffectChart } from './option-effect-chart.ts';
import { storeOpsChart } from './store-ops-chart.ts';
import { storeSizeChart } from './store-size-chart.ts';
import { throughputChart } from './throughput-chart.ts';

export const charts: ChartDef[] = [
  throughputChart,
  latencyChart,
  memoryChart,
  storeSizeChart,
  cookieChart,
  storeOpsChart,
  optionEffectChart,
];

export type { ChartDef };
