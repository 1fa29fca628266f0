// The pretty-print worker (bundled to dist/webview/pretty-worker.js): JSON bodies are re-indented
// here, off the page's main thread, so a 50 MB body never freezes scrolling or search (issue 11,
// item 4). Only the page that started it can post to a dedicated worker.
import { isToPrettyWorker, type FromPrettyWorker } from './pretty-messages';
import { PrettySession } from './pretty-session';

/** The part of DedicatedWorkerGlobalScope used here (the UI's tsconfig has the DOM lib only). */
interface WorkerScope {
  postMessage(message: FromPrettyWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;
const session = new PrettySession((message) => scope.postMessage(message));
scope.addEventListener('message', (event) => {
  if (isToPrettyWorker(event.data)) session.receive(event.data);
});
