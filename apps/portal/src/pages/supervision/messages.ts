// Messages of the supervision page(s), merged into lib/messages.ts; both languages hold the same keys.
export const supervisionMessages = {
  'zh-CN': {},
  en: {},
} as const;
