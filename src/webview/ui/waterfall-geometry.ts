// Where each phase's bar sits in the Timing waterfall. DOM-free, so it is tested in plain Node.
import type { TimingPhase } from '../protocol';

/** Where a bar starts and how wide it is, in percent of the whole send (plain numbers: unit-tested). */
export function barGeometry(phase: TimingPhase, totalMs: number): { readonly leftPercent: number; readonly widthPercent: number } {
  const whole = Math.max(totalMs, phase.startMs + phase.ms, 0.001);
  const leftPercent = Math.min(100, (phase.startMs / whole) * 100);
  // A phase of 0 ms still gets a hairline, so every row shows where it sits.
  const widthPercent = Math.max(0.25, Math.min(100 - leftPercent, (phase.ms / whole) * 100));
  return { leftPercent, widthPercent };
}
