import { createMeasureActivities, type MeasureActivityDeps } from './measure/measure.activities';
import { createWebhookActivities } from './webhooks/webhook.activities';
import type { WebhookSettings } from './webhooks/webhook.messages';

export interface ActivityDeps extends MeasureActivityDeps {
  /** How webhooks are retried and paused (the worker's environment); defaults where absent. */
  webhookSettings?: Partial<WebhookSettings>;
}

/** Every activity, built with its real dependencies. */
export function createActivities({ webhookSettings, ...deps }: ActivityDeps) {
  return { ...createMeasureActivities(deps), ...createWebhookActivities({ db: deps.db, settings: webhookSettings }) };
}
