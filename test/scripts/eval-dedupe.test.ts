import { describe, expect, it } from 'vitest';
import { runEval } from '../../scripts/eval/run.js';

describe('dedupe evaluation', () => {
  it('links the labelled synthetic roster with F1 >= 0.98 and precision >= 0.995', async () => {
    const report = await runEval({ entities: 2000, seed: 11 });
    expect(report.truePairs).toBeGreaterThan(400);
    expect(report.pairs).toBeLessThan(report.rows * 2);
    expect(report.precision).toBeGreaterThanOrEqual(0.995);
    expect(report.f1).toBeGreaterThanOrEqual(0.98);
  }, 60_000);
});
