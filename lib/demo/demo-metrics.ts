/**
 * The demo's instruments, one of each kind, and how the dashboard charts them
 * (`registerView`); the others get the page's default for their kind (rate for
 * counters, percentiles and buckets for histograms).
 */
import { registerView } from '../dashboard.js';
import { createCounter, createGauge, createHistogram, createUpDownCounter, getDefaultMeter } from '../metrics/api.js';

export const orders = createCounter('demo.orders', { unit: '{order}', description: 'Orders looked up, by outcome' });
export const lookupTime = createHistogram('demo.order.lookup.duration', { unit: 'ms', description: 'Time to load an order' });
export const agentTasks = createCounter('demo.agent.tasks', { unit: '{task}', description: 'Agent tasks finished, by outcome' });
export const taskTime = createHistogram('demo.agent.task.duration', { unit: 'ms', description: 'Time an agent task took, all levels' });
export const activeTasks = createGauge('demo.agent.active', { unit: '{task}', description: 'Agent tasks running now' });
export const tokens = createCounter('demo.llm.tokens', { unit: '{token}', description: 'Tokens the pretend model used, by direction' });
export const inFlight = createUpDownCounter('demo.client.in_flight', { unit: '{request}', description: 'Client requests waiting for an answer' });

const heap = getDefaultMeter().createObservableGauge('demo.process.heap', { unit: 'By', description: 'Heap used by the demo process' });
heap.addCallback((result) => result.observe(process.memoryUsage().heapUsed));

registerView('demo.agent.task.duration', 'heatmap');
registerView('demo.agent.active', 'gauge');
registerView('demo.llm.tokens', 'bar');
registerView('demo.client.in_flight', 'area');
registerView('demo.process.heap', 'stat');
