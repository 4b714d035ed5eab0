// Messages of the assessment page(s), merged into lib/messages.ts; both languages hold the same keys.
export const assessmentMessages = {
  'zh-CN': {},
  en: {},
} as const;
