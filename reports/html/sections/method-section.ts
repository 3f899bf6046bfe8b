// How the numbers were obtained, and what they do not claim. Every value comes from settings.
import type { Settings } from '../../../harness/contracts/results.ts';
import { fmtInt } from '../../../harness/shared/format-number.ts';
import type { ReportContext } from '../../report-context.ts';
import { html } from '../html.ts';
import type { Section } from '../section.ts';

/** The population settings, when the run preloaded one (older results have none: nothing added). */
function populationParts(s: Settings): string[] {
  if (!s.sessions?.length || s.sessions.every((n) => n === 0)) return [];
  const out = [`${s.sessions.map(fmtInt).join(', ')} sessions preloaded through the store before each cell`];
  if (s.users) out.push(`${fmtInt(s.users)} virtual users`);
  if (s.access && s.access !== 'uniform') out.push(`users picked ${s.access}`);
  if (s.thinkTimeMs) out.push(`${fmtInt(s.thinkTimeMs)} ms think time`);
  if (s.payload?.source === 'file') out.push(`session payload from ${s.payload.file ?? 'a file'}`);
  if (s.payload?.padToBytes) out.push(`sessions padded to ${fmtInt(s.payload.padToBytes)} B`);
  if (s.verifySample) out.push(`read-back of at most ${fmtInt(s.verifySample)} sessions, a seeded random sample`);
  return out;
}

/** One sentence with every setting that shaped the numbers; the header shows it too. */
export function methodLine(ctx: ReportContext): string {
  const s = ctx.results.settings;
  const parts = [
    'Each run starts a fresh server process on 127.0.0.1',
    `${s.warmup} s warm-up (not measured)`,
    `${s.duration} s measured with autocannon`,
    `${s.connections} connections, each a virtual user with its own cookie jar`,
    `pipelining ${s.pipelining}`,
  ];
  if (s.rate) parts.push(`rate capped at ${s.rate} req/s`);
  parts.push(`${s.repeat} ${s.repeat === 1 ? 'repeat' : 'repeats'} per cell`);
  if (s.probe) parts.push(`then ${s.probe} s with one virtual user alone to measure unloaded latency`);
  if (s.settle) parts.push(`${s.settle} s settle after the load for memory readings`);
  parts.push(...populationParts(s));
  parts.push(`seed ${s.seed}`);
  return `${parts.join('; ')}.`;
}

export const methodSection: Section = {
  id: 'method',
  title: 'Method and limits',
  render(ctx) {
    const cpus = ctx.results.environment.cpus;
    return html`<p>${methodLine(ctx)} After the load, every live session is read back through the app to check that the store kept what it acknowledged. Tables show the median across repeats; charts show the spread.</p>
<p><strong>What these numbers do not claim.</strong></p>
<ul>
<li>The load generator, the server and any database shared one machine (${cpus} CPUs) with whatever else ran on it: they compete for CPU, so absolute numbers do not transfer to your servers. Compare stores with each other.</li>
<li>Traffic went over the loopback interface: no network latency, bandwidth limit or packet loss between app and store, or between client and app.</li>
<li>Runs last seconds, not hours: memory growth here hints at a leak but does not prove or rule one out.</li>
<li>One Node process per store: nothing here measures clustering, failover or restarts.</li>
</ul>`;
  },
};
