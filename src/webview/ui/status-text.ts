// The short sentences about an answer: the line that says redirects were followed, the elapsed
// time of a send, and what the panel's live region announces (panel-html.ts: a screen reader
// hears this summary on each new answer, not the whole panel). DOM-free, tested in plain Node.
import type { ChallengeView, FailureView, ReceivingView, RedirectView, ResultView } from '../protocol';

/** `HTTP/1.1 200 OK` → `200 OK`: the version says nothing a listener needs. */
function statusOf(statusLine: string): string {
  return statusLine.replace(/^HTTP\/\S+\s+/, '');
}

/**
 * `Answered a Digest challenge first (401 Unauthorized): see Headers`; undefined without one. The
 * round trip before the answer was nowhere to be seen but in the request count of the connection.
 */
export function challengeNoteOf(challenges: readonly ChallengeView[]): string | undefined {
  const first = challenges[0];
  if (first === undefined) return undefined;
  const times = challenges.length === 1 ? '' : ` ${challenges.length} times`;
  return `Answered a Digest challenge first${times} (${first.response.statusLine.replace(/^HTTP\/\S+ /, '')}): see Headers`;
}

/** `2 redirects followed, from GET http://host/old`; undefined when the answer is the first one. */
export function redirectNoteOf(redirects: readonly RedirectView[]): string | undefined {
  const first = redirects[0];
  if (first === undefined) return undefined;
  return `${redirects.length} ${redirects.length === 1 ? 'redirect' : 'redirects'} followed, from ${first.requestLine}`;
}

/**
 * `200 OK, 34.2 ms, 1.2 KB`, and how many redirects led there. The summary's first two items are
 * the time and the size (ResultView.summary); the connection that follows is too long to hear.
 */
export function resultAnnouncement(view: ResultView): string {
  const redirects = view.redirects.length;
  const after = redirects === 0 ? [] : [`after ${redirects} ${redirects === 1 ? 'redirect' : 'redirects'}`];
  return [statusOf(view.statusLine), ...view.summary.slice(0, 2), ...after].join(', ');
}

export function receivingAnnouncement(view: ReceivingView): string {
  return `${statusOf(view.statusLine)}, receiving the body`;
}

/** `Receiving the body… 12.3 KB so far` (`received`, formatted by the host, counts the head too: what came on the wire). */
export function receivingProgressText(received: string | undefined): string {
  return received === undefined ? 'Receiving the body…' : `Receiving the body… ${received} so far`;
}

export function failureAnnouncement(view: FailureView): string {
  return view.message;
}

export function sendingAnnouncement(title: string): string {
  return `Sending ${title}`;
}

/** `0.4 s`, `12 s`, `2 min 05 s`: how long a send has been waiting, read at a glance. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
