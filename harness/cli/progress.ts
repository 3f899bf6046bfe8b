// A progress line on stderr: cells done / total, the current cell, elapsed time.
import type { Cell } from '../plan/plan-cells.ts';
import type { Run } from '../contracts/results.ts';

const fmtTime = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function createProgress(stream: NodeJS.WriteStream = process.stderr, perCellSeconds = 0) {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  let line = '';
  const draw = () => stream.write(`\r\x1b[2K${line} ${fmtTime(Date.now() - started)}`);
  return {
    cellStart(cell: Cell, index: number, total: number) {
      const width = 20;
      const filled = Math.round((index / total) * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      const eta = perCellSeconds ? ` ~${Math.ceil(((total - index) * perCellSeconds) / 60)} min left` : '';
      line = `${bar} ${index}/${total} ${cell.store} · ${cell.scenario.name}${cell.repeat > 1 ? ` #${cell.repeat}` : ''}${eta}`;
      if (tty) {
        draw();
        clearInterval(timer);
        timer = setInterval(draw, 1000).unref();
      } else {
        stream.write(`${line}\n`);
      }
    },
    cellEnd(run: Run) {
      if (run.status !== 'completed') {
        if (tty) stream.write('\r\x1b[2K');
        stream.write(`  ${run.status}: ${run.store} · ${run.scenario}: ${run.reason}\n`);
        if (tty) draw();
      }
    },
    done() {
      clearInterval(timer);
      if (tty) stream.write(`\r\x1b[2K`);
      stream.write(`done in ${fmtTime(Date.now() - started)}\n`);
    },
  };
}
