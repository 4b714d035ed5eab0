import type { Actor } from '@liandong/domain';
import type { Services } from './services';

/** Cookie and request details the HTTP host lends to procedures that sign people in and out. */
export interface HttpBridge {
  /** Client address, for rate limiting sign-in attempts. */
  ip: string | null;
  userAgent: string | null;
  getCookie(name: string): string | undefined;
  setCookie(name: string, value: string, options: { maxAgeSeconds: number }): void;
  deleteCookie(name: string): void;
}

/** What every procedure can reach: the services (built once by the host), and who is asking. Built per request. */
export interface ApiContext {
  services: Services;
  /** The signed-in person, or null. */
  actor: Actor | null;
  /** Id of the current session (hashed token), when signed in through a cookie. */
  sessionId?: string | null;
  http?: HttpBridge;
}
