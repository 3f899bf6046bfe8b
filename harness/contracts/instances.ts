// The scale-out fields of results.json (--instances, --balance): how a cell's instances were
// balanced and what each served, whether its sessions crossed instances, and throughput against
// one instance. Part of the results.json contract (run-metrics.ts adds them to every run).
import { z } from 'zod';

const count = () => z.number().int().nonnegative();
const amount = () => z.number().nonnegative();

export const BALANCE_VALUES = ['round-robin', 'sticky'] as const;

export const instancesSchema = z
  .object({
    count: z.number().int().min(2).describe('App instances (server processes) behind the balancer.'),
    balance: z
      .enum(BALANCE_VALUES)
      .describe(
        'round-robin: per request; sticky: a route cookie set by nginx on the first answer sends the rest to the instance that gave it.',
      ),
    balancer: z
      .object({ name: z.string(), version: z.string(), keepalive: count().optional() })
      .describe('The load balancer, its version and the idle keep-alive connections it kept to each instance.'),
    sharedSessions: z
      .boolean()
      .optional()
      .describe(
        'Measured after the load: a session created by a login on instance 1 (directly, not through the balancer) was ' +
          'readable on instance 2. false: sessions created on one instance are unknown to the others.',
      ),
    sharedCheck: z.string().optional().describe('What the cross-instance check saw, in words.'),
    perInstance: z
      .array(
        z.object({
          requests: count().describe('Requests this instance served in the measured phase.'),
          share: amount().describe('Its share of all the instances served.'),
          getMisses: count().describe('Its store get calls that found no session.'),
          rssBytes: amount().describe('Its RSS at the end of the measured phase.'),
          heapUsedBytes: amount().describe('Its heap at the end of the measured phase.'),
          eventLoopDelayMs: z.object({ p50: amount(), p99: amount(), max: amount() }),
        }),
      )
      .describe('Each instance in the measured phase (run.memory and eventLoopDelayMs are the sum and the worst).'),
  })
  .meta({ id: 'instances', description: 'Several app instances behind nginx (--instances N, --balance).' });

export const scalingSchema = z
  .object({
    instances: z.number().int().min(2),
    rps: amount().describe("This run's requests per second."),
    baselineRps: amount().describe('The same cell on one instance (no balancer) in the same results.'),
    efficiency: amount().describe('rps / (instances × baselineRps): 1 is linear scaling.'),
    cores: count().describe('CPU cores of the machine: the instances, nginx and the load share them.'),
  })
  .meta({ id: 'scaling', description: 'Throughput with N instances against one.' });
