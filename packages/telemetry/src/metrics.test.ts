import { describe, expect, it } from 'vitest';
import { commandOutcome, createApiMetrics } from './metrics';

describe('command outcomes', () => {
  it('are ok without an error, error for an internal one, and refused for every code a caller can act on', () => {
    expect(commandOutcome(null)).toBe('ok');
    expect(commandOutcome('INTERNAL_SERVER_ERROR')).toBe('error');
    for (const code of ['FORBIDDEN', 'BAD_REQUEST', 'CONFLICT', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE', 'UNAUTHORIZED']) expect(commandOutcome(code), code).toBe('refused');
  });
});

describe('the API metrics', () => {
  it('time every call by outcome and count only refusals by code', async () => {
    const metrics = createApiMetrics();
    metrics.recordCommand({ procedure: 'measure.submitReport', transport: 'trpc', code: null, seconds: 0.03 });
    metrics.recordCommand({ procedure: 'measure.submitReport', transport: 'rest', code: 'CONFLICT', seconds: 0.02 });
    metrics.recordCommand({ procedure: 'measure.submitReport', transport: 'trpc', code: 'INTERNAL_SERVER_ERROR', seconds: 0.5 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('liandong_command_duration_seconds_count{procedure="measure.submitReport",outcome="ok",transport="trpc"} 1');
    expect(text).toContain('liandong_command_duration_seconds_bucket{le="0.05",procedure="measure.submitReport",outcome="ok",transport="trpc"} 1');
    expect(text).toContain('liandong_command_duration_seconds_count{procedure="measure.submitReport",outcome="refused",transport="rest"} 1');
    expect(text).toContain('liandong_command_duration_seconds_count{procedure="measure.submitReport",outcome="error",transport="trpc"} 1');
    expect(text).toContain('liandong_command_refusals_total{procedure="measure.submitReport",code="CONFLICT",transport="rest"} 1');
    expect(text).not.toContain('code="INTERNAL_SERVER_ERROR"');
  });

  it('show the last readiness check as gauges, and Node’s own metrics under the same prefix', async () => {
    const metrics = createApiMetrics();
    metrics.recordReadiness({ database: { ok: true, ms: 4 }, temporal: { ok: true, ms: 12 }, worker: { ok: false, ms: 15, error: 'no worker polls task queue liandong' }, stuckMeasures: 2 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('liandong_stuck_measures 2');
    expect(text).toContain('liandong_dependency_up{dependency="database"} 1');
    expect(text).toContain('liandong_dependency_up{dependency="worker"} 0');
    expect(text).toContain('liandong_dependency_check_seconds{dependency="temporal"} 0.012');
    expect(text).toMatch(/^liandong_process_cpu_user_seconds_total /m);
  });

  it('keep one registry per set, so two apps in one process do not collide', () => {
    expect(() => [createApiMetrics(), createApiMetrics()]).not.toThrow();
  });
});
