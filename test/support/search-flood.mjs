// Load for test/http/search-isolation.test.ts. Each part runs as its own process, so that neither
// shares an event loop with the server nor with the other: a client that floods and measures in
// one loop measures its own backlog.
//   node search-flood.mjs measure <base url>
//     GETs <base url>/ twice (so it is cached), then times it SAMPLES times; prints the times.
//   node search-flood.mjs flood <base url> <search path> <concurrency>
//     that many loops search without pause until stdin closes; prints the statuses.
const [mode, base, searchPath, concurrencyArg] = process.argv.slice(2);
const SAMPLES = 60;
// With searches stalling the server one cached request can take seconds: stop sampling then.
const SAMPLE_BUDGET_MS = 10_000;

async function get(path) {
  const started = performance.now();
  const res = await fetch(base + path);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
}

const pause = (ms) => new Promise((done) => setTimeout(done, ms));

if (mode === 'measure') {
  // Retried for a while: seeding just before may have left the event-loop lag high enough for
  // load shedding until its next sample.
  for (let ok = 0, tries = 0; ok < 2; tries++) {
    if ((await get('/')).status === 200) ok++;
    else if (tries > 100) throw new Error('GET / never answered 200');
    else await pause(100);
  }
  const times = [];
  const until = performance.now() + SAMPLE_BUDGET_MS;
  while (times.length < SAMPLES && performance.now() < until) {
    const r = await get('/');
    if (r.status !== 200) throw new Error(`GET / answered ${r.status}`);
    times.push(r.ms);
    await pause(10);
  }
  console.log(JSON.stringify(times));
} else if (mode === 'flood') {
  const statuses = {};
  let retryAfterMissing = 0;
  let stop = false;
  process.stdin.on('end', () => {
    stop = true;
  });
  process.stdin.resume();
  const loops = Array.from({ length: Number(concurrencyArg) }, async () => {
    while (!stop) {
      const r = await get(searchPath);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 503 && !r.retryAfter) retryAfterMissing++;
    }
  });
  await Promise.all(loops);
  console.log(JSON.stringify({ statuses, retryAfterMissing }));
} else {
  throw new Error(
    'usage: search-flood.mjs measure <base url> | flood <base url> <search path> <concurrency>',
  );
}
