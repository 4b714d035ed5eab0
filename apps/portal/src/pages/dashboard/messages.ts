// Messages of the dashboard page(s), merged into lib/messages.ts; both languages hold the same keys.
export const dashboardMessages = {
  'zh-CN': {},
  en: {},
} as const;
