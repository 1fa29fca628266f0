import { Worker } from 'node:worker_threads';

export interface WorkerDeadlines {
  /** The whole run must finish within this. */
  totalMs: number;
  /** Each case must finish within this: the worker reports a progress value as a case starts. */
  caseMs?: number;
}

/**
 * Runs `fn(data, progress)` of the compiled module at `modulePath` in a worker thread, so code stuck
 * in a synchronous loop cannot hang mocha (a timer never fires on a blocked thread). When a deadline
 * passes, the worker is terminated and the promise rejects with the last progress it reported: the
 * case that hung, with whatever the worker put in it to replay it.
 */
export function runInWorker<T>(modulePath: string, fn: string, data: unknown, deadlines: WorkerDeadlines): Promise<T> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const m = require(workerData.modulePath);
    try {
      const result = m[workerData.fn](workerData.data, (p) => parentPort.postMessage({ progress: p }));
      parentPort.postMessage({ result });
    } catch (e) {
      parentPort.postMessage({ error: String((e && e.message) || e) });
    }`;
  return new Promise<T>((resolve, reject) => {
    let progress: unknown;
    const worker = new Worker(code, { eval: true, workerData: { modulePath, fn, data } });
    const settle = (err: Error | undefined, result?: T): void => {
      clearTimeout(total);
      clearTimeout(perCase);
      void worker.terminate();
      if (err) reject(err);
      else resolve(result as T);
    };
    const expire = (what: string, ms: number) => (): void =>
      settle(new Error(`the worker did not finish ${what} within ${ms} ms (a hang?); last progress: ${JSON.stringify(progress)}`));
    const total = setTimeout(expire('its run', deadlines.totalMs), deadlines.totalMs);
    let perCase: NodeJS.Timeout | undefined;
    worker.on('message', (m: { progress?: unknown; result?: T; error?: string }) => {
      if ('progress' in m) {
        progress = m.progress;
        if (deadlines.caseMs !== undefined) {
          clearTimeout(perCase);
          perCase = setTimeout(expire('a case', deadlines.caseMs), deadlines.caseMs);
        }
        return;
      }
      settle(m.error === undefined ? undefined : new Error(m.error), m.result);
    });
    worker.on('error', (err) => settle(err));
  });
}
