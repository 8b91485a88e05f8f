/**
 * A clean environment for child-process fixtures (no OTEL_* of the machine
 * running the tests), keeping PATH and, under c8, the coverage directory so
 * what the children run is counted.
 */
export function childEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  if (process.env.NODE_V8_COVERAGE !== undefined) env.NODE_V8_COVERAGE = process.env.NODE_V8_COVERAGE;
  return env;
}
