// The page's end of the pretty-printer: a Web Worker made from the worker bundle that esbuild.js
// embeds in this one (`pretty-worker:source`), or, where no worker can start, the same
// PrettySession on the page itself (each piece is small, so the page stays responsive).
import PRETTY_WORKER_SOURCE from 'pretty-worker:source';
import type { FromPrettyWorker, ToPrettyWorker } from './pretty-messages';
import { isFromPrettyWorker } from './pretty-messages';
import { PrettySession } from './pretty-session';

export interface PrettyPrinter {
  post(message: ToPrettyWorker): void;
}

/**
 * A worker from a blob: URL (CSP `worker-src blob:`). A worker script loaded from the webview's
 * resource URL would be cross-origin to the page (the webview's frame has its own origin), which
 * browsers refuse for `new Worker(url)`. `onWhere` hears where the printing runs: 'worker', or
 * 'page' and why (again later, should the worker fail).
 */
export function startPrettyPrinter(onAnswer: (message: FromPrettyWorker) => void, onWhere: (where: string) => void): PrettyPrinter {
  const onPage = (): ((message: ToPrettyWorker) => void) => {
    const session = new PrettySession(onAnswer);
    return (message) => queueMicrotask(() => session.receive(message));
  };
  let worker: Worker;
  try {
    const url = URL.createObjectURL(new Blob([PRETTY_WORKER_SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
  } catch (err) {
    onWhere(`page (no worker: ${String(err)})`);
    return { post: onPage() };
  }
  // A worker the policy refuses fails later, by an error event: until it has answered once, what
  // was posted is kept, and replayed on the page should it fail.
  let posted: ToPrettyWorker[] | undefined = [];
  let post = (message: ToPrettyWorker): void => {
    posted?.push(message);
    worker.postMessage(message);
  };
  onWhere('worker');
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    posted = undefined;
    if (isFromPrettyWorker(event.data)) onAnswer(event.data);
  });
  worker.addEventListener('error', (event) => {
    if (posted === undefined) return;
    const replay = posted;
    posted = undefined;
    worker.terminate();
    post = onPage();
    onWhere(`page (the worker failed: ${event.message})`);
    for (const message of replay) post(message);
  });
  return { post: (message) => post(message) };
}
