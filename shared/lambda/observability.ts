// One logger, metrics and tracer per Lambda process (Powertools); the service name comes from the environment.
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/** Counts one occurrence; with dimensions it is published on its own, so each invocation can count several kinds. */
export function countMetric(name: string, dimensions: Record<string, string> = {}, value = 1): void {
  // The total always goes with the invocation's metrics; the dimensioned breakdown is published on its own.
  metrics.addMetric(name, MetricUnit.Count, value);
  if (Object.keys(dimensions).length === 0) return;
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, MetricUnit.Count, value);
}

/** Publishes one level (an account count, a KPI) under its own dimensions, rather than counting an occurrence. */
export function levelMetric(
  name: string,
  value: number,
  dimensions: Record<string, string>,
  unit: (typeof MetricUnit)['Count' | 'Percent' | 'NoUnit'] = MetricUnit.Count,
): void {
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, unit, value);
}
