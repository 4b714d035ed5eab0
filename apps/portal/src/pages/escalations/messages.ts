// Messages of the escalations page(s), merged into lib/messages.ts; both languages hold the same keys.
export const escalationsMessages = {
  'zh-CN': {},
  en: {},
} as const;
