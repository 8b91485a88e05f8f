/**
 * The processor lists of tracer and logger providers (common/processor-list.ts
 * under MultiSpanProcessor and MultiLogRecordProcessor): a processor that
 * throws in any call is reported and never stops the others; shutdown
 * detaches the log record processors, not the span processors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MultiLogRecordProcessor } from '../../lib/logs/log-record-processor.js';
import type { LogRecordProcessor } from '../../lib/logs/log-record-processor.js';
import { MultiSpanProcessor } from '../../lib/trace/span-processor.js';
import type { SpanProcessor } from '../../lib/trace/span-processor.js';
import type { Span } from '../../lib/trace/span.js';
import type { LogRecord } from '../../lib/logs/log-record.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { captureDiag } from '../helpers/diag.js';

const boom = (): never => {
  throw new Error('boom');
};

function counting(): { calls: string[] } & SpanProcessor & LogRecordProcessor {
  const calls: string[] = [];
  return {
    calls,
    onStart: () => void calls.push('start'),
    onEnd: () => void calls.push('end'),
    onEmit: () => void calls.push('emit'),
    forceFlush: async () => void calls.push('flush'),
    shutdown: async () => void calls.push('shutdown'),
  };
}

const throwing = { onStart: boom, onEnd: boom, onEmit: boom, forceFlush: boom, shutdown: () => Promise.reject(new Error('late boom')) };

test('a span processor throwing in every call is reported; the next still sees everything; shutdown keeps the list', async (t) => {
  const diag = captureDiag();
  t.after(() => diag.restore());
  const multi = new MultiSpanProcessor();
  const ok = counting();
  multi.add(throwing as unknown as SpanProcessor);
  multi.add(ok);
  const span = {} as Span;
  multi.onStart(span, ROOT_CONTEXT);
  multi.onEnd(span);
  await multi.forceFlush();
  await multi.shutdown();
  assert.deepEqual(ok.calls, ['start', 'end', 'flush', 'shutdown']);
  assert.deepEqual(
    diag.messages.filter((m) => m.level === 'error').map((m) => m.message.replace(/:.*/, '')),
    ['span processor onStart failed', 'span processor onEnd failed', 'span processor forceFlush failed', 'span processor shutdown failed'],
  );
  assert.equal(multi.size, 2);
});

test('a log record processor throwing in every call is reported; shutdown detaches every processor at once', async (t) => {
  const diag = captureDiag();
  t.after(() => diag.restore());
  const multi = new MultiLogRecordProcessor();
  const ok = counting();
  multi.add(throwing as unknown as LogRecordProcessor);
  multi.add(ok);
  multi.onEmit({} as LogRecord, ROOT_CONTEXT);
  await multi.forceFlush();
  const done = multi.shutdown();
  assert.equal(multi.size, 0, 'detached before the shutdowns settle');
  await done;
  assert.deepEqual(ok.calls, ['emit', 'flush', 'shutdown']);
  assert.equal(diag.messages.filter((m) => m.level === 'error').length, 3);
});
