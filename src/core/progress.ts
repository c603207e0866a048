/**
 * A one-line progress bar for long CLI commands, redrawn in place on a terminal and printed
 * every tenth of the way otherwise (logs, CI).
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDecile = -1;
  const draw = (done: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const rate = Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total} (${rate}/s)`;
    if (out.isTTY) out.write(`\r${line}`);
    else if (Math.floor(share * 10) > lastDecile) {
      lastDecile = Math.floor(share * 10);
      out.write(`${line}\n`);
    }
  };
  return {
    update: draw,
    done(done: number) {
      draw(done);
      if (out.isTTY) out.write('\n');
    },
  };
}
