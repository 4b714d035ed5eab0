// Messages of the issues page(s), merged into lib/messages.ts; both languages hold the same keys.
export const issuesMessages = {
  'zh-CN': {},
  en: {},
} as const;
