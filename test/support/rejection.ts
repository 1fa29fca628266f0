import * as assert from 'node:assert/strict';
import { HttpWireError } from '../../src/core/errors';

/** The HttpWireError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(p: Promise<unknown>): Promise<HttpWireError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HttpWireError, `expected an HttpWireError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the send to fail');
}
