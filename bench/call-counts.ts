import * as inspector from 'node:inspector';

/**
 * How much code a loop of N requests runs per request: the functions called on (nearly) every
 * request and the calls per request, from V8's precise coverage with call counts. In a
 * whole-process CLI run V8 optimizes the per-request functions only after about a thousand
 * requests, and until then each function and each call costs far more than once optimized: these
 * counts say how much code the cold part of a run goes through (issue 10, item 6).
 */
export interface CallCounts {
  /** Functions whose call count is at least the number of requests (less 5%). */
  readonly functions: number;
  readonly callsPerRequest: number;
}

type ScriptCoverage = inspector.Profiler.ScriptCoverage;

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/**
 * Runs `loop` (which sends `requests` requests) under coverage and counts the functions of the
 * scripts whose URL `isOwn` accepts (a project's or a peer's files, not Node's).
 */
export async function countCalls(requests: number, isOwn: (url: string) => boolean, loop: () => Promise<unknown>): Promise<CallCounts> {
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    // Taking the coverage resets the counters: what comes after is the loop's alone.
    await post(session, 'Profiler.takePreciseCoverage');
    await loop();
    const { result } = await post<{ result: ScriptCoverage[] }>(session, 'Profiler.takePreciseCoverage');
    await post(session, 'Profiler.stopPreciseCoverage');
    let functions = 0;
    let calls = 0;
    for (const script of result) {
      if (!isOwn(script.url)) continue;
      for (const fn of script.functions) {
        const count = fn.ranges[0]?.count ?? 0;
        if (count < requests * 0.95) continue;
        functions++;
        calls += count;
      }
    }
    return { functions, callsPerRequest: calls / requests };
  } finally {
    session.disconnect();
  }
}
