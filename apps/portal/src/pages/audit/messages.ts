// Messages of the audit pages, merged into lib/messages.ts; both languages hold the same keys.
export const auditMessages = {
  'zh-CN': {
    'audit.title': '审计日志',
  },
  en: {
    'audit.title': 'Audit log (审计日志)',
  },
} as const;
