import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useState } from 'react';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { saveFile, type DownloadedFile } from '../supervision/download';

/** Fetches a file from the API and saves it as a download, saying which file or why not. */
export function useDownload() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (fetchFile: () => Promise<DownloadedFile>) => {
    setBusy(true);
    try {
      const file = await fetchFile();
      saveFile(file);
      void message.success(t('assessment.exported', { file: file.filename }));
    } catch (error) {
      void message.error(t('assessment.exportFailed', { reason: localizeMessage(apiFailure(error).message, lang) }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}

/** 导出台账: every measure of the plan as .xlsx, one row each. The API refuses anyone but its coordinator, auditors and admins. */
export function LedgerExportButton({ planId }: { planId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { busy, download } = useDownload();
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
