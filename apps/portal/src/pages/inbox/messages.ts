// Messages of the inbox pages, merged into lib/messages.ts; both languages hold the same keys.
export const inboxMessages = {
  'zh-CN': {},
  en: {},
} as const;
