/**
 * The demo's instruments, one of each kind, and how the dashboard charts them
 * (`registerView`); the others get the page's default for their kind (rate for
 * counters, percentiles and buckets for histograms). Made by a function called
 * after the SDK is set up, so they belong to the meter provider the dashboard
 * reads (instruments made at import time would stay on the provider before it).
 */
import { api, board } from './zerotel.js';

const { createCounter, createGauge, createHistogram, createUpDownCounter, getDefaultMeter } = api;
const { registerView } = board;

export function createDemoMetrics() {
  const heap = getDefaultMeter().createObservableGauge('demo.process.heap', { unit: 'By', description: 'Heap used by the demo process' });
  heap.addCallback((result) => result.observe(process.memoryUsage().heapUsed));
  registerView('demo.agent.task.duration', 'heatmap');
  registerView('demo.agent.active', 'gauge');
  registerView('demo.llm.tokens', 'bar');
  registerView('demo.client.in_flight', 'area');
  registerView('demo.process.heap', 'stat');
  return {
    orders: createCounter('demo.orders', { unit: '{order}', description: 'Orders looked up, by outcome' }),
    lookupTime: createHistogram('demo.order.lookup.duration', { unit: 'ms', description: 'Time to load an order' }),
    agentTasks: createCounter('demo.agent.tasks', { unit: '{task}', description: 'Agent tasks finished, by outcome' }),
    taskTime: createHistogram('demo.agent.task.duration', { unit: 'ms', description: 'Time an agent task took, all levels' }),
    activeTasks: createGauge('demo.agent.active', { unit: '{task}', description: 'Agent tasks running now' }),
    tokens: createCounter('demo.llm.tokens', { unit: '{token}', description: 'Tokens the pretend model used, by direction' }),
    inFlight: createUpDownCounter('demo.client.in_flight', { unit: '{request}', description: 'Client requests waiting for an answer' }),
  };
}

export type DemoMetrics = ReturnType<typeof createDemoMetrics>;
