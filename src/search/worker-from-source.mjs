// Starts a TypeScript worker module when Dateline runs from its sources. Node 20 does not give
// worker threads the parent's tsx loader (neither `--import tsx` nor tsx's register()), so the
// worker registers it itself before importing the module. The bundled build starts its workers
// from plain JavaScript and never loads this file.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
