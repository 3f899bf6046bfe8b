// `npm run bench:gate-quality`: how good is the --ab gate on this machine? A benchmark, not a test
// (it takes most of an hour at the defaults; run it alone, under the machine's lock):
//   - A/A: one module against itself, --trials times → how many were flagged (want 0);
//   - three known regressions against the plain store, --trials times each → how many were caught:
//     +3 ms per get (timing), one extra set per request and a session 1 KB larger (work);
//   - per kind: the verdicts, samples and the median time to a verdict.
// Each trial is one `npm run bench -- --ab` through the real CLI (a child process, fresh servers),
// on the fixture modules in test/fixtures/stores/ab/. Writes DIR/gate-quality.json and prints a table.
//
//   flock /tmp/bench.lock npm run bench:gate-quality -- [--trials 10] [--budget 3m] [--out DIR]
//     [--duration 2] [--warmup 0.5] [--connections 4] [--probe 1] [--scenario read] [--only aa,slow-get]
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CompareReport } from '../harness/contracts/compare.ts';
import { median } from '../harness/shared/stats.ts';
import { textTable } from '../harness/shared/text-table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = 'test/fixtures/stores/ab';

const KINDS = {
  aa: { variant: 'plain.mjs', want: 'pass', what: 'A/A: the plain store against itself' },
  'slow-get': { variant: 'slow-get.mjs', want: 'fail', what: '+3 ms per get' },
  'extra-set': { variant: 'extra-set.mjs', want: 'fail', what: 'one extra set per request' },
  'bigger-session': { variant: 'bigger-session.mjs', want: 'fail', what: 'a session 1 KB larger' },
} as const;
type Kind = keyof typeof KINDS;

interface Trial {
  kind: Kind;
  trial: number;
  exitCode: number | null;
  /** Per metric of the comparison: faster/slower/same/unresolved. */
  verdicts: Record<string, string>;
  workFails: string[];
  samples: number;
  stoppedBy: string | null;
  /** Seconds from the first sample to the verdict (compare.json ab.elapsedS). */
  secondsToVerdict: number | null;
  wallSeconds: number;
}

function options() {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '10' },
      budget: { type: 'string', default: '3m' },
      out: {
        type: 'string',
        default: path.join('results', `gate-quality-${new Date().toISOString().replace(/[:.]/g, '-')}`),
      },
      duration: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '0.5' },
      connections: { type: 'string', default: '4' },
      probe: { type: 'string', default: '1' },
      scenario: { type: 'string', default: 'read' },
      only: { type: 'string', default: Object.keys(KINDS).join(',') },
    },
  });
  const trials = Number(values.trials);
  if (!Number.isInteger(trials) || trials < 1 || trials > 100) throw new Error(`--trials ${values.trials}: 1 to 100`);
  const kinds = values.only.split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !(k in KINDS));
  if (bad) throw new Error(`--only ${bad}: unknown kind. Valid kinds: ${Object.keys(KINDS).join(', ')}`);
  return { ...values, trials, kinds: kinds as Kind[] };
}

function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/bench.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const stop = () => child.kill('SIGINT');
    process.once('SIGINT', stop);
    child.on('close', (code) => {
      process.off('SIGINT', stop);
      resolve(code);
    });
  });
}

async function runTrial(kind: Kind, trial: number, o: ReturnType<typeof options>): Promise<Trial> {
  const out = path.join(o.out, `${kind}-${trial}`);
  const stores = `a=${FIXTURES}/plain.mjs,b=${FIXTURES}/${KINDS[kind].variant}`;
  const load = [
    '--scenario',
    o.scenario,
    '--duration',
    o.duration,
    '--warmup',
    o.warmup,
    '--connections',
    o.connections,
  ];
  const args = ['--ab', '--store', stores, ...load, '--probe', o.probe, '--sessions', '0', '--budget', o.budget];
  const t0 = performance.now();
  const exitCode = await runCli([...args, '--out', out]);
  const wallSeconds = (performance.now() - t0) / 1000;
  let report: CompareReport | undefined;
  try {
    report = JSON.parse(await fs.readFile(path.join(out, 'compare.json'), 'utf8')) as CompareReport;
  } catch {
    report = undefined; // the run failed before the gate: exitCode says so
  }
  const c = report?.ab?.groups[0]?.comparisons[0];
  return {
    kind,
    trial,
    exitCode,
    verdicts: Object.fromEntries((c?.metrics ?? []).map((m) => [m.metric, m.verdict])),
    workFails: (c?.work ?? []).filter((w) => w.fails).map((w) => `${w.label} ${w.quantity}`),
    samples: report?.ab?.order.length ?? 0,
    stoppedBy: report?.ab?.stoppedBy ?? null,
    secondsToVerdict: report?.ab?.elapsedS ?? null,
    wallSeconds,
  };
}

function summarize(kind: Kind, trials: Trial[]) {
  const { want, what } = KINDS[kind];
  const flagged = trials.filter((t) => t.exitCode === 1).length;
  const errors = trials.filter((t) => t.exitCode !== 0 && t.exitCode !== 1).length;
  const unresolved = trials.filter((t) => Object.values(t.verdicts).includes('unresolved')).length;
  const times = trials.map((t) => t.secondsToVerdict).filter((s): s is number => s !== null);
  return {
    kind,
    what,
    want,
    trials: trials.length,
    flagged,
    correct: want === 'pass' ? trials.length - flagged - errors : flagged,
    unresolved,
    errors,
    medianSecondsToVerdict: times.length ? median(times) : null,
    medianSamples: median(trials.map((t) => t.samples)),
  };
}

async function main() {
  const o = options();
  await fs.mkdir(o.out, { recursive: true });
  const trials: Trial[] = [];
  // Kinds alternate trial by trial, so a slow spell of the machine hits every kind alike.
  for (let i = 1; i <= o.trials; i++) {
    for (const kind of o.kinds) {
      process.stderr.write(`gate-quality: ${kind} trial ${i}/${o.trials}\n`);
      trials.push(await runTrial(kind, i, o));
    }
  }
  const summary = o.kinds.map((k) =>
    summarize(
      k,
      trials.filter((t) => t.kind === k),
    ),
  );
  const file = path.join(o.out, 'gate-quality.json');
  const settings = { ...o, kinds: o.kinds };
  await fs.writeFile(
    file,
    `${JSON.stringify({ createdAt: new Date().toISOString(), settings, summary, trials }, null, 2)}\n`,
  );
  const rows = summary.map((s) => [
    s.kind,
    s.what,
    s.want === 'pass' ? `${s.flagged} of ${s.trials} flagged` : `${s.flagged} of ${s.trials} caught`,
    String(s.unresolved),
    String(s.errors),
    s.medianSecondsToVerdict === null ? '-' : s.medianSecondsToVerdict.toFixed(0),
    String(s.medianSamples),
  ]);
  const header = ['kind', 'what', 'outcome', 'unresolved', 'errors', 'median s to verdict', 'median samples'];
  process.stdout.write(`${textTable(header, rows, [3, 4, 5, 6]).join('\n')}\n\n${file}\n`);
  const ok = summary.every((s) => s.correct === s.trials);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gate-quality: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
