import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CommandButton } from '../../components/measure/CommandButton';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { AnswerNoticeDialog, useDeskCommand } from './commands';
import { useDownload } from '../../components/useDownload';
import { AnswerDue, NoticeStatusTag } from './NoticeStatus';
import { OfficialDocumentView, PRINT_CSS } from './OfficialDocumentView';

/**
 * One 督办单 as a printable A4 sheet (the same OfficialDocument the PDF renders), with 打印 and 下载PDF; the unit's
 * officers sign for it (签收) and answer it (答复) here. Printing shows the sheet alone.
 */
export function NoticePrintPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const noticeId = useParams().id ?? '';
  const got = useQuery(trpc.supervision.notice.queryOptions({ noticeId }));
  const sign = useDeskCommand(trpc.supervision.signNotice.mutationOptions());
  const [answering, setAnswering] = useState(false);
  usePageTitle(got.data?.notice.number ?? t('supervision.tab.notices'));

  // Fetched when asked for, and not kept: a PDF is large and says what the notice says now.
  const { busy: downloading, download: save } = useDownload('supervision.print.pdfFailed');
  const download = () => save(() => queryClient.fetchQuery({ ...trpc.supervision.noticePdf.queryOptions({ noticeId }), staleTime: 0, gcTime: 0 }));

  if (got.isPending) return <Skeleton active paragraph={{ rows: 12 }} aria-busy aria-label={t('loading')} />;
  if (got.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('error.load')}
        description={localizeMessage(got.error.message, lang)}
        action={
          <Link to="/supervision">
            <Button size="small">{t('supervision.print.back')}</Button>
          </Link>
        }
      />
    );
  }
  const { notice, document } = got.data;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <div className="no-print" style={{ maxWidth: '210mm', margin: '0 auto 16px', display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Link to="/supervision">← {t('supervision.print.back')}</Link>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 20 }}>
          {notice.number}
        </Typography.Title>
        <NoticeStatusTag notice={notice} />
        <AnswerDue notice={notice} />
        <Space role="group" aria-label={t('supervision.print.toolbar')} style={{ marginInlineStart: 'auto' }} wrap>
          {notice.mayAnswer && notice.status === 'issued' && (
            <CommandButton
              type="primary"
              pending={sign.isPending}
              doneText={t('supervision.sign.done')}
              send={(requestId) => sign.mutateAsync({ noticeId: notice.id, requestId })}
            >
              {t('supervision.action.sign')}
            </CommandButton>
          )}
          {notice.mayAnswer && (
            <Button type={notice.status === 'signed' ? 'primary' : 'default'} onClick={() => setAnswering(true)}>
              {t('supervision.action.answer')}
            </Button>
          )}
          <Button onClick={() => window.print()}>{t('supervision.print.print')}</Button>
          <Button onClick={() => void download()} loading={downloading}>
            {t('supervision.print.pdf')}
          </Button>
        </Space>
      </div>
      <OfficialDocumentView doc={document} label={t('supervision.print.document')} />
      <AnswerNoticeDialog notice={answering ? notice : null} onClose={() => setAnswering(false)} />
    </div>
  );
}
