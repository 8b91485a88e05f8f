/** The resource from OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (which wins for service.name). */
import { Resource } from '../common/resource.js';
import type { Env } from './env.js';
import { envKeyValues, envString } from './env.js';

export function resourceFromEnv(env: Env): Resource {
  const attributes: Record<string, string> = envKeyValues(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const service = envString(env, 'OTEL_SERVICE_NAME');
  if (service !== undefined) attributes['service.name'] = service;
  return new Resource(attributes);
}
