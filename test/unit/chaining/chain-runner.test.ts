import * as assert from 'node:assert/strict';
import { sendChain, type ChainStep, type StepResult } from '../../../src/core/chaining/chain-runner';
import { exchangeRecordOf } from '../../../src/core/chaining/exchange-record';
import { ExchangeStore } from '../../../src/core/chaining/exchange-store';
import { ErrorCodes, HttpWireError, type ErrorCode } from '../../../src/core/errors';
import type { HttpRequest } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';

const FILE = parseHttpFile(
  [
    '# @name login',
    'POST http://a/login',
    '',
    '###',
    '# @name unused',
    'GET http://a/unused',
    '',
    '###',
    '# @name me',
    '# @ref unused',
    'GET http://a/me',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '###',
    '# @name loop',
    'GET http://a/{{loop.response.body.*}}',
  ].join('\n'),
);
const named = (name: string): HttpRequest => FILE.requests.find((r) => r.name === name)!;

/** A sender that answers each request with `{"token": "<name>"}`, or as `outcomes` says. */
function fakeSender(outcomes: Record<string, 'failed' | 'cancelled'> = {}) {
  const log: string[] = [];
  return {
    log,
    send: async (step: ChainStep): Promise<StepResult> => {
      const name = step.request.name!;
      log.push(`send ${name}${step.isTarget ? '*' : ''}${step.keepExchange ? ' keep' : ''}`);
      const outcome = outcomes[name];
      if (outcome === 'failed') return { outcome, error: new HttpWireError(ErrorCodes.connectRefused, 'refused') };
      if (outcome === 'cancelled') return { outcome };
      const body = Buffer.from(JSON.stringify({ token: name }));
      const exchange = exchangeRecordOf({ status: 200, responseHeaders: [], responseBody: body, responseBodyBytes: body.length, requestHeaders: [], requestBody: [] });
      return { outcome: 'answered', ...(step.keepExchange ? { exchange } : {}) };
    },
    notSent: async (request: HttpRequest, error: HttpWireError): Promise<void> => {
      log.push(`not sent ${request.name}: ${error.code as ErrorCode}`);
    },
  };
}

describe('chaining: sendChain (issue 12, item 4)', () => {
  it('issue 12, item 4: sends the plan in order and keeps the exchanges of referenced requests only', async () => {
    const store = new ExchangeStore();
    const sender = fakeSender();
    assert.equal(await sendChain(FILE, named('me'), store, sender), 'answered');
    assert.deepEqual(sender.log, ['send unused keep', 'send login keep', 'send me*']);
    assert.equal(await store.value({ requestName: 'login', path: 'response.body.$.token', expression: '' }), 'login');
    assert.equal(store.has('me'), false, 'nothing references "me": its exchange is not kept');
    sender.log.length = 0;
    assert.equal(await sendChain(FILE, named('me'), store, sender), 'answered');
    assert.deepEqual(sender.log, ['send me*'], 'what was sent in the session is not sent again');
  });

  it('two requests of one name: references read the first, also when a run sends the second after it', async () => {
    const file = parseHttpFile(['# @name login', 'GET http://a/first', '', '###', '# @name login', 'GET http://a/second', '', '###', '# @name me', 'GET http://a/me?t={{login.response.body.$.token}}'].join('\n'));
    const store = new ExchangeStore();
    const sender = {
      send: async (step: ChainStep): Promise<StepResult> => {
        const body = Buffer.from(JSON.stringify({ token: step.request.requestLine.target }));
        const exchange = exchangeRecordOf({ status: 200, responseHeaders: [], responseBody: body, responseBodyBytes: body.length, requestHeaders: [], requestBody: [] });
        return { outcome: 'answered', ...(step.keepExchange ? { exchange } : {}) };
      },
      notSent: async (): Promise<void> => undefined,
    };
    // `send --all`: each request in file order.
    for (const request of file.requests) await sendChain(file, request, store, sender);
    assert.equal(await store.value({ requestName: 'login', path: 'response.body.$.token', expression: '' }), 'http://a/first');
  });

  it('issue 12, item 4: a failed dependency stops the chain; the target is reported not sent with HW_DEPENDENCY_FAILED', async () => {
    const sender = fakeSender({ login: 'failed' });
    assert.equal(await sendChain(FILE, named('me'), new ExchangeStore(), sender), 'failed');
    assert.deepEqual(sender.log, ['send unused keep', 'send login keep', 'not sent me: HW_DEPENDENCY_FAILED']);
  });

  it('issue 12, item 4: a cancelled dependency ends the chain as cancelled, nothing more sent', async () => {
    const sender = fakeSender({ unused: 'cancelled' });
    assert.equal(await sendChain(FILE, named('me'), new ExchangeStore(), sender), 'cancelled');
    assert.deepEqual(sender.log, ['send unused keep']);
  });

  it('issue 12, item 4: a plan that cannot be made sends nothing and reports the target', async () => {
    const sender = fakeSender();
    assert.equal(await sendChain(FILE, named('loop'), new ExchangeStore(), sender), 'failed');
    assert.deepEqual(sender.log, ['not sent loop: HW_REQUEST_CYCLE']);
  });
});
