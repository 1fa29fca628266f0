/**
 * ByteCapture keeps the exact bytes of an exchange, cut at its limit, without copying what it
 * may keep (its own head, a socket's read) and without pinning more memory than it shows.
 */

import assert from 'node:assert/strict';
import { ByteCapture } from '../../../src/core/wire/capture';

describe('wire: ByteCapture', () => {
  it('keeps the serialized head and socket chunks as they are', () => {
    const capture = new ByteCapture(1024);
    const head = Buffer.from('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    const read = Buffer.from('HTTP/1.1 204 No Content\r\n\r\n');
    capture.onSent(head, true);
    capture.onReceived(read);
    const snap = capture.snapshot();
    assert.equal(snap.sent, head);
    assert.equal(snap.received, read);
    assert.equal(snap.isTruncated, false);
  });

  it('copies a body buffer: changing it after the send does not change what was sent', () => {
    const capture = new ByteCapture(1024);
    const body = Buffer.from('data');
    capture.onSent(body);
    body.write('XXXX');
    assert.equal(capture.snapshot().sent.toString(), 'data');
  });

  it('copies a small view into a large buffer instead of pinning the large one', () => {
    const capture = new ByteCapture(1024);
    const large = Buffer.alloc(64 * 1024, 0x61);
    capture.onReceived(large.subarray(0, 10));
    const kept = capture.snapshot().received;
    assert.equal(kept.toString(), 'a'.repeat(10));
    assert.ok(kept.buffer.byteLength < large.buffer.byteLength, 'the 64 KiB buffer is still referenced');
  });

  it('cuts each direction at the limit and keeps counting', () => {
    const capture = new ByteCapture(8);
    capture.onReceived(Buffer.from('0123456789'));
    capture.onReceived(Buffer.from('abc'));
    capture.onSent(Buffer.from('xyz'), true);
    const snap = capture.snapshot();
    assert.deepEqual([snap.received.toString(), snap.receivedBytes, snap.sent.toString(), snap.sentBytes, snap.isTruncated], ['01234567', 13, 'xyz', 3, true]);
  });
});
