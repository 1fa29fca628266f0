/**
 * Preloaded into the CLI by ci-exit.test.ts (NODE_OPTIONS=--require): a resolver that never
 * answers for names under `.hang.test`, as a real one can (no answer: 5 s per try and server).
 * Other names resolve as ever. Making getaddrinfo itself hang takes an LD_PRELOAD library built
 * for the test, or root; a hung lookup does two things, and each is simulated on its own:
 *
 * - With HTTP_WIRE_TEST_HUNG_FIFO, the lookup holds one of libuv's pool threads: it opens that
 *   FIFO for reading, which blocks until a writer comes, and none does. Such a process cannot exit
 *   at all (Node's exit joins the pool's threads), as with a real hung getaddrinfo.
 * - Without it, the lookup keeps the event loop alive, by a timer, as its pending request does.
 */
import { promises as dns } from 'node:dns';
import * as fs from 'node:fs';

const fifo = process.env.HTTP_WIRE_TEST_HUNG_FIFO;
const realLookup = dns.lookup;
const HUNG_MS = 10 * 60_000;

dns.lookup = ((host: string, options: object) => {
  if (!host.endsWith('.hang.test')) return realLookup(host, options);
  const fail = (): Error => Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' });
  return new Promise((_resolve, reject) => {
    if (fifo !== undefined) fs.open(fifo, 'r', () => reject(fail()));
    else setTimeout(() => reject(fail()), HUNG_MS);
  });
}) as typeof dns.lookup;
