import { describe, expect, it } from 'vitest';
import { histogramQuantile, histogramSince, readHistogram } from './prometheus';

const scrape = (fast: number, slow: number) => `# HELP temporal_workflow_task_execution_latency Histogram of workflow task execution latencies
# TYPE temporal_workflow_task_execution_latency histogram
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="a",le="50"} ${fast}
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="a",le="500"} ${fast + slow}
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="a",le="+Inf"} ${fast + slow}
temporal_workflow_task_execution_latency_sum{namespace="default",task_queue="a"} ${fast * 10 + slow * 200}
temporal_workflow_task_execution_latency_count{namespace="default",task_queue="a"} ${fast + slow}
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="b",le="50"} 1
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="b",le="500"} 1
temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="b",le="+Inf"} 1
temporal_workflow_task_execution_latency_count{namespace="default",task_queue="b"} 1
temporal_workflow_task_execution_latency_sum{namespace="default",task_queue="b"} 10
temporal_workflow_task_replay_latency_bucket{namespace="default",le="50"} 99
`;

describe('readHistogram', () => {
  it('adds up one histogram over its label sets and leaves others alone', () => {
    const h = readHistogram(scrape(97, 2), 'temporal_workflow_task_execution_latency');
    expect(h.buckets).toEqual([
      [50, 98],
      [500, 100],
      [Infinity, 100],
    ]);
    expect(h.count).toBe(100);
    expect(h.sum).toBe(97 * 10 + 2 * 200 + 10);
  });

  it('is empty for a metric that is absent', () => {
    expect(readHistogram(scrape(1, 1), 'temporal_nothing')).toEqual({ buckets: [], count: 0, sum: 0 });
    expect(histogramQuantile(readHistogram('', 'x'), 0.99)).toBeNaN();
  });
});

describe('histogramQuantile and histogramSince', () => {
  it('gives the bucket a quantile falls in, over the whole run or between two readings', () => {
    const name = 'temporal_workflow_task_execution_latency';
    const before = readHistogram(scrape(97, 2), name);
    expect(histogramQuantile(before, 0.5)).toBe(50);
    expect(histogramQuantile(before, 0.98)).toBe(50);
    expect(histogramQuantile(before, 0.99)).toBe(500);
    const since = histogramSince(before, readHistogram(scrape(99, 10), name));
    expect(since.count).toBe(10);
    expect(histogramQuantile(since, 0.5)).toBe(500);
  });
});
