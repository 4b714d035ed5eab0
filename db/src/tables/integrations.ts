import type { ColumnType, Generated, Selectable } from 'kysely';

/** An API token (接口令牌) of an agency: only its sha256 is stored. It acts as the agency's officer, or its coordinator office. */
export interface ApiTokensTable {
  id: Generated<string>;
  agencyId: number;
  role: 'officer' | 'coordinator';
  /** The label its creator gave it (`OA 系统`). */
  name: string;
  tokenHash: string;
  /** The token's first characters, to recognise it in a list (`ld_3fA9x…`). */
  prefix: string;
  createdBy: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
  useCount: ColumnType<number, number | undefined, number>;
}
export type ApiToken = Selectable<ApiTokensTable>;

export type WebhookEndpointStatus = 'active' | 'paused' | 'removed';

/** Where an agency's events are pushed (推送地址), signed Standard-Webhooks style with `secret`. */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  agencyId: number;
  url: string;
  /** Public event types, or `['all']`. */
  events: string[];
  description: ColumnType<string, string | undefined, string>;
  secret: string;
  /** After a rotation the old secret still signs beside the new one until it expires. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  status: ColumnType<WebhookEndpointStatus, WebhookEndpointStatus | undefined, WebhookEndpointStatus>;
  consecutiveFailures: ColumnType<number, number | undefined, number>;
  pausedAt: Date | null;
  pausedReason: string | null;
  createdBy: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'cancelled';

/** One event for one endpoint: the outbox row its workflow delivers; `id` is the `webhook-id` header. */
export interface WebhookDeliveriesTable {
  /** `msg_` + 32 hex digits. */
  id: string;
  seq: Generated<number>;
  endpointId: string;
  dedupeKey: string;
  eventType: string;
  /** The body sent: `{ type, timestamp, data }`, written as JSON text. */
  payload: ColumnType<WebhookPayload, string, string>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: Date | null;
}
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

/** The JSON body of a delivery (Standard Webhooks: type, timestamp, data). */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}
