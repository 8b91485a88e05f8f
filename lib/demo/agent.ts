/**
 * A pretend "agent" that decomposes a goal into sub-tasks, recursively (four
 * levels under the run), some in parallel and some in sequence, calling
 * pretend tools at the leaves — one of which looks an order up over real
 * loopback HTTP, so the trace crosses the service. Tools fail now and then;
 * a step retries once, then gives up and its parent carries on: the kind of
 * trace the waterfall's collapse-to-depth and critical path are made for.
 */
import type { Span } from '../trace/span.js';
import type { DemoMetrics } from './demo-metrics.js';
import { api } from './zerotel.js';

const { getCurrentSpan, linkSpan, logger, traced } = api;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VERBS = ['research', 'plan', 'draft', 'check', 'summarize', 'compare', 'estimate', 'review'];
const TOOLS = ['web.search', 'docs.read', 'llm.complete', 'orders.lookup', 'calculator'];
const MAX_DEPTH = 4;

let active = 0;
let seq = 0;
let previousRun: Span | undefined;

/** Deterministic enough to read, varied enough to look alive. */
function pick<T>(list: readonly T[], n: number): T {
  return list[Math.abs(n) % list.length]!;
}

export function createAgent(ordersBase: string, metrics: DemoMetrics, failureRate = 0.06) {
  const { activeTasks, agentTasks, taskTime, tokens } = metrics;
  const tool = traced('agent.tool')(async (name: string, task: string) => {
    const span = getCurrentSpan();
    span?.updateName(`tool ${name}`);
    span?.setAttributes({ 'agent.tool': name, 'agent.task': task });
    if (name === 'orders.lookup') {
      const res = await fetch(`${ordersBase}/api/orders/${1 + Math.floor(Math.random() * 50)}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`orders service answered ${res.status}`);
      return;
    }
    const input = 50 + Math.floor(Math.random() * 400);
    await sleep(3 + Math.random() * (name === 'llm.complete' ? 40 : 12));
    if (name === 'llm.complete') {
      const output = Math.floor(input / 3);
      tokens.add(input, { direction: 'input' });
      tokens.add(output, { direction: 'output' });
      span?.setAttributes({ 'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output });
    }
    if (Math.random() < failureRate) throw new Error(`${name} timed out`);
  });

  const step = traced('agent.step')(async (task: string, depth: number): Promise<void> => {
    const span = getCurrentSpan();
    const verb = pick(VERBS, ++seq);
    span?.updateName(`${verb} ${task}`);
    span?.setAttributes({ 'agent.depth': depth, 'agent.task': task });
    active++;
    activeTasks.set(active);
    const started = performance.now();
    try {
      if (depth >= MAX_DEPTH) {
        for (let attempt = 1; ; attempt++) {
          try {
            await tool(pick(TOOLS, seq + depth), task);
            return;
          } catch (err) {
            if (attempt >= 2) {
              logger.warn(`giving up on ${task}`, { 'agent.task': task, 'agent.attempts': attempt });
              throw err;
            }
            span?.addEvent('retry', { 'agent.attempt': attempt, 'error.message': (err as Error).message });
          }
        }
      }
      const n = 2 + (seq % 2);
      const subtasks = Array.from({ length: n }, (_, i) => `${task}.${i + 1}`);
      span?.addEvent('plan.ready', { 'agent.subtasks': n });
      // Even levels fan out in parallel, odd ones work through their list in order.
      if (depth % 2 === 1) {
        const results = await Promise.allSettled(subtasks.map((t) => step(t, depth + 1)));
        const failed = results.filter((r) => r.status === 'rejected').length;
        if (failed) logger.info(`${task}: ${failed} of ${n} sub-tasks failed, continuing`, { 'agent.task': task });
      } else {
        for (const t of subtasks) {
          try {
            await step(t, depth + 1);
          } catch {
            // A failed sub-task is already recorded on its span; its siblings still run.
          }
        }
      }
      agentTasks.add(1, { outcome: 'done', 'agent.depth': depth });
    } catch (err) {
      agentTasks.add(1, { outcome: 'failed', 'agent.depth': depth });
      throw err;
    } finally {
      taskTime.record(performance.now() - started, { 'agent.depth': depth });
      active--;
      activeTasks.set(active);
    }
  });

  /** One run: a goal decomposed four levels deep; linked to the previous run. */
  const run = traced('agent.run')(async (goal: string) => {
    const span = getCurrentSpan();
    span?.setAttribute('agent.goal', goal);
    if (span && previousRun) linkSpan(span, previousRun, { 'link.reason': 'previous run' });
    if (span) previousRun = span;
    logger.info(`agent started: ${goal}`, { 'agent.goal': goal });
    await step(goal, 1);
    logger.info(`agent finished: ${goal}`, { 'agent.goal': goal });
  });
  return { run };
}
