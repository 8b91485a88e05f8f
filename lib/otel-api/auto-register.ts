/**
 * What `zerotel/register` does about `@opentelemetry/api`: when the
 * application can resolve it (from its working directory, as its own code
 * would), zerotel is registered behind it — and behind `@opentelemetry/
 * api-logs` when that resolves too — without either being a dependency of
 * zerotel. Nothing happens when they are absent (and the bridge is not even
 * loaded); a failure is reported.
 */
import { describeError, diag } from '../common/diag.js';
import { importFromProject } from './project-import.js';
import type { OtelApiLike, OtelApiRegistration, OtelLogsApiLike } from './register.js';

function has<T>(mod: Record<string, unknown> | undefined, key: string): T | undefined {
  return mod !== undefined && mod[key] !== null && typeof mod[key] === 'object' ? (mod as T) : undefined;
}

export async function registerFromApplication(dir: string = process.cwd()): Promise<OtelApiRegistration | undefined> {
  try {
    const api = has<OtelApiLike>(await importFromProject(dir, '@opentelemetry/api'), 'trace');
    if (api === undefined) return undefined;
    const logsApi = has<OtelLogsApiLike>(await importFromProject(dir, '@opentelemetry/api-logs'), 'logs');
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
