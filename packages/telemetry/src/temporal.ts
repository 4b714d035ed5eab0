import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { installedTracing } from './tracing';

/** For every Temporal Client: a span per start, update, signal and query, whose context travels in the headers. */
export function temporalClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/**
 * What a worker adds to trace its work: a span per activity run (child of the workflow's span that scheduled it), and
 * the `exporter` sink through which the bundled workflow interceptors (workflowBundleOptions in @liandong/workflows)
 * hand their spans out of the sandbox. The sink is not called on replay, and drops spans when nothing exports them.
 */
export function workerTelemetry(): { interceptors: Required<Pick<WorkerInterceptors, 'activity'>>; sinks: InjectedSinks<OpenTelemetrySinks> } {
  let exporter: ReturnType<typeof makeWorkflowExporter> | undefined;
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: {
      exporter: {
        export: {
          fn: (info, spans) => {
            // Looked up on the first span, so that the worker may be created before tracing is installed.
            const tracing = installedTracing();
            if (!tracing?.exporting) return;
            exporter ??= makeWorkflowExporter(tracing.provider.getActiveSpanProcessor(), tracing.resource);
            exporter.export.fn(info, spans);
          },
        },
      },
    },
  };
}
