import { App } from 'antd';
import { useState } from 'react';
import { apiFailure, localizeMessage } from '../lib/errors';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { saveFile, type DownloadedFile } from '../pages/supervision/download';

/**
 * Fetches a file from the API (a PDF, an .xlsx) and saves it as a download; says why not with `failedKey`
 * (a message with a `{reason}`), and, given `savedKey` (with a `{file}`), which file was saved.
 */
export function useDownload(failedKey: MessageKey, savedKey?: MessageKey) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (fetchFile: () => Promise<DownloadedFile>) => {
    setBusy(true);
    try {
      const file = await fetchFile();
      saveFile(file);
      if (savedKey) void message.success(t(savedKey, { file: file.filename }));
    } catch (error) {
      void message.error(t(failedKey, { reason: localizeMessage(apiFailure(error).message, lang) }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}
