// Messages of the measure pages, merged into lib/messages.ts; both languages hold the same keys.
export const measureMessages = {
  'zh-CN': {},
  en: {},
} as const;
