import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useDownload } from '../../components/useDownload';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';

/** 导出台账: every measure of the plan as .xlsx, one row each. The API refuses anyone but its coordinator, auditors and admins. */
export function LedgerExportButton({ planId }: { planId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { busy, download } = useDownload('assessment.exportFailed', 'assessment.exported');
  return (
    <Button
      loading={busy}
      data-testid="ledger-export"
      onClick={() => void download(() => queryClient.fetchQuery({ ...trpc.ledger.export.queryOptions({ planId }), staleTime: 0, gcTime: 0 }))}
    >
      {t('assessment.exportLedger')}
    </Button>
  );
}
