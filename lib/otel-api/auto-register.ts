/**
 * What `zerotel/register` does about `@opentelemetry/api`: when the
 * application can resolve it (from its working directory, as its own code
 * would), zerotel is registered behind it — and behind `@opentelemetry/
 * api-logs` when that resolves too — without either being a dependency of
 * zerotel. Nothing happens when they are absent (and the bridge is not even
 * loaded); a failure is reported.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describeError, diag } from '../common/diag.js';
import type { OtelApiLike, OtelApiRegistration, OtelLogsApiLike } from './register.js';

/** The module `specifier` as the application at `dir` would load it, or undefined when it cannot be resolved. */
async function importFrom(dir: string, specifier: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = createRequire(`${dir.endsWith('/') ? dir : `${dir}/`}`).resolve(specifier);
  } catch {
    return undefined;
  }
  return import(pathToFileURL(resolved).href);
}

/** The namespace of an imported CommonJS module may hold the API on `default` only. */
function apiOf<T>(ns: unknown, key: string): T | undefined {
  if (ns === null || typeof ns !== 'object') return undefined;
  const direct = ns as Record<string, unknown>;
  if (direct[key] !== undefined) return ns as T;
  const d = direct.default as Record<string, unknown> | undefined;
  return d !== null && typeof d === 'object' && d[key] !== undefined ? (d as T) : undefined;
}

export async function registerFromApplication(dir: string = process.cwd()): Promise<OtelApiRegistration | undefined> {
  try {
    const api = apiOf<OtelApiLike>(await importFrom(dir, '@opentelemetry/api'), 'trace');
    if (api === undefined) return undefined;
    const logsApi = apiOf<OtelLogsApiLike>(await importFrom(dir, '@opentelemetry/api-logs'), 'logs');
    // The bridge itself loads only now, when there is an API to bridge.
    const { registerGlobal } = await import('./register.js');
    const registration = registerGlobal(api, { logsApi });
    diag.debug(`@opentelemetry/api found in ${dir}: zerotel registered behind it${logsApi ? ' (and @opentelemetry/api-logs)' : ''}`);
    return registration;
  } catch (err) {
    diag.warn(`could not register behind @opentelemetry/api: ${describeError(err)}`);
    return undefined;
  }
}
