// Bundled with the workflows (workflowBundleOptions), not a workflow: OpenTelemetry spans for each run, update,
// signal and query, and for each activity a workflow schedules, in the trace of the request that caused it. The spans
// leave the sandbox through the worker's `exporter` sink (workerTelemetry in @liandong/telemetry).
//
// Replay-safe: the interceptors schedule nothing, and their span ids are drawn from a random stream of their own.
// Left on the workflow's Math.random, every span would shift the ids the workflow itself draws (uuid4), and
// histories recorded without tracing would no longer replay.
import { OpenTelemetryInboundInterceptor, OpenTelemetryInternalsInterceptor, OpenTelemetryOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { getRandomStream, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The stream's name is part of replay: keep it. */
const RANDOM_STREAM = 'liandong.telemetry';

/** The interceptor, each of whose calls runs with Math.random on the telemetry stream (the SDK restores the workflow's own for `next`). */
function onOwnRandomStream<T extends object>(interceptor: T): T {
  return new Proxy(interceptor, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => getRandomStream(RANDOM_STREAM).with(() => value.apply(target, args));
    },
  });
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [onOwnRandomStream(new OpenTelemetryInboundInterceptor())],
  outbound: [onOwnRandomStream(new OpenTelemetryOutboundInterceptor())],
  internals: [onOwnRandomStream(new OpenTelemetryInternalsInterceptor())],
});
