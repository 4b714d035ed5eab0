// Audit actions in words: the measure workflow's events as the measure page words them (pages/measure/timeline.ts),
// the other actions the log records here; an action the portal does not know is shown as recorded.
import type { MessageKey } from '../../lib/messages';
import { eventMessage } from '../measure/timeline';

const OTHER_ACTION_MESSAGES = {
  'auth.sign_in_failed': 'audit.action.auth.sign_in_failed',
  'access.forbidden': 'audit.action.access.forbidden',
  'audit.verified': 'audit.action.audit.verified',
  'audit.exported': 'audit.action.audit.exported',
  'supervision.notice_issued': 'audit.action.supervision.notice_issued',
  'supervision.notice_signed': 'audit.action.supervision.notice_signed',
  'supervision.notice_answered': 'audit.action.supervision.notice_answered',
  'circular.drafted': 'audit.action.circular.drafted',
  'circular.updated': 'audit.action.circular.updated',
  'circular.issued': 'audit.action.circular.issued',
  'assessment.rules_set': 'audit.action.assessment.rules_set',
  'calendar.year_entered': 'audit.action.calendar.year_entered',
  'api.token_created': 'audit.action.api.token_created',
  'api.token_revoked': 'audit.action.api.token_revoked',
  'api.token_used': 'audit.action.api.token_used',
  'webhook.added': 'audit.action.webhook.added',
  'webhook.secret_rotated': 'audit.action.webhook.secret_rotated',
  'webhook.paused': 'audit.action.webhook.paused',
  'webhook.resumed': 'audit.action.webhook.resumed',
  'webhook.removed': 'audit.action.webhook.removed',
} as const satisfies Record<string, MessageKey>;

/** Refusals the log records beside the changes (the API's REFUSAL_ACTIONS): a failed sign-in, a forbidden attempt. */
export const REFUSAL_ACTIONS: readonly string[] = ['auth.sign_in_failed', 'access.forbidden'];

export const isRefusal = (action: string) => REFUSAL_ACTIONS.includes(action);

/** The message naming an audit action, or null for one the portal does not know. */
export function actionMessage(action: string): MessageKey | null {
  return eventMessage(action) ?? (Object.hasOwn(OTHER_ACTION_MESSAGES, action) ? OTHER_ACTION_MESSAGES[action as keyof typeof OTHER_ACTION_MESSAGES] : null);
}

export interface ActionOption {
  value: string;
  label: string;
  /** The words and the raw name, lower case: what typing may match. */
  search: string;
}

/**
 * The action filter's choices: the words where the portal knows them, and always the raw name, since that is
 * what an export and the CLI show. An action the current URL names but the log no longer lists stays choosable.
 */
export function actionOptions(actions: readonly string[], words: (key: MessageKey) => string, selected?: string): ActionOption[] {
  const all = selected !== undefined && !actions.includes(selected) ? [selected, ...actions] : actions;
  return all.map((action) => {
    const message = actionMessage(action);
    const label = message ? `${words(message)} · ${action}` : action;
    return { value: action, label, search: label.toLowerCase() };
  });
}
