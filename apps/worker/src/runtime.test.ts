import { describe, expect, it } from 'vitest';
import { readWorkerRuntimeSettings } from './runtime';

describe("the worker runtime's settings", () => {
  it('serve no metrics unless LIANDONG_WORKER_METRICS_ADDRESS is set', () => {
    expect(readWorkerRuntimeSettings({})).toEqual({});
  });

  it('take host:port as given, and a bare port on 127.0.0.1', () => {
    expect(readWorkerRuntimeSettings({ LIANDONG_WORKER_METRICS_ADDRESS: '0.0.0.0:9464' })).toEqual({ metricsAddress: '0.0.0.0:9464' });
    expect(readWorkerRuntimeSettings({ LIANDONG_WORKER_METRICS_ADDRESS: '[::1]:9464' })).toEqual({ metricsAddress: '[::1]:9464' });
    expect(readWorkerRuntimeSettings({ LIANDONG_WORKER_METRICS_ADDRESS: '9464' })).toEqual({ metricsAddress: '127.0.0.1:9464' });
  });

  it('refuse anything else, naming the variable', () => {
    for (const bad of ['', 'localhost', 'http://127.0.0.1:9464', '127.0.0.1:99999', '127.0.0.1:port']) {
      expect(() => readWorkerRuntimeSettings({ LIANDONG_WORKER_METRICS_ADDRESS: bad }), bad).toThrow(/^LIANDONG_WORKER_METRICS_ADDRESS: must be /);
    }
  });
});
