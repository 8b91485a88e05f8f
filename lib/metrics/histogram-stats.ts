/**
 * What both histogram accumulations (explicit buckets, aggregation.ts, and
 * exponential, exponential-histogram.ts) keep besides their buckets: count,
 * sum, min and max, recorded, merged and reset the same way. Subclasses
 * declare no field of these names, so each keeps one hidden class.
 */
export class HistogramStats {
  /** True once something was recorded since the last reset. */
  dirty = false;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly #recordMinMax: boolean;

  constructor(recordMinMax: boolean) {
    this.#recordMinMax = recordMinMax;
  }

  /** min as a data point carries it: NaN when not recorded (nothing measured, or recordMinMax off). */
  get pointMin(): number {
    return this.#recordMinMax && this.count > 0 ? this.min : NaN;
  }

  /** max as a data point carries it (see `pointMin`). */
  get pointMax(): number {
    return this.#recordMinMax && this.count > 0 ? this.max : NaN;
  }

  protected recordStats(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.dirty = true;
  }

  protected mergeStats(from: HistogramStats): void {
    this.count += from.count;
    this.sum += from.sum;
    if (from.min < this.min) this.min = from.min;
    if (from.max > this.max) this.max = from.max;
    this.dirty ||= from.dirty;
  }

  protected resetStats(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.dirty = false;
  }
}
