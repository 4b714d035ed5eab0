// Messages of the decisions page(s), merged into lib/messages.ts; both languages hold the same keys.
export const decisionsMessages = {
  'zh-CN': {},
  en: {},
} as const;
