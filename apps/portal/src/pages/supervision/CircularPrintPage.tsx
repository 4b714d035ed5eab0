import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { CircularEditor, IssueCircularButton } from '../circulars/commands';
import { useDownload } from '../../components/useDownload';
import { OfficialDocumentView, PRINT_CSS } from './OfficialDocumentView';

const BACK = '/supervision?tab=circulars';

/**
 * One 通报 as a printable A4 sheet (the same OfficialDocument the PDF renders; a draft watermarked 草稿), with 打印 and
 * 下载PDF; the office's coordinator may still edit and issue a draft here. Printing shows the sheet alone.
 */
export function CircularPrintPage() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const circularId = useParams().id ?? '';
  const got = useQuery(trpc.circular.get.queryOptions({ circularId }));
  const [editing, setEditing] = useState(false);
  usePageTitle(got.data ? (got.data.number ?? got.data.title) : t('supervision.tab.circulars'));

  // Fetched when asked for, and not kept: a PDF is large and says what the circular says now.
  const { busy: downloading, download: save } = useDownload('circ.print.pdfFailed');
  const download = () => save(() => queryClient.fetchQuery({ ...trpc.circular.pdf.queryOptions({ circularId }), staleTime: 0, gcTime: 0 }));

  if (got.isPending) return <Skeleton active paragraph={{ rows: 12 }} aria-busy aria-label={t('loading')} />;
  if (got.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('error.load')}
        description={localizeMessage(got.error.message, lang)}
        action={
          <Link to={BACK}>
            <Button size="small">{t('circ.print.back')}</Button>
          </Link>
        }
      />
    );
  }
  const circular = got.data;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <div className="no-print" style={{ maxWidth: '210mm', margin: '0 auto 16px', display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Link to={BACK}>← {t('circ.print.back')}</Link>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 20 }} data-testid="circular-number">
          {circular.number ?? t('circ.draftNumber')}
        </Typography.Title>
        <Tag color={circular.status === 'issued' ? 'green' : 'default'}>{t(`circ.status.${circular.status}`)}</Tag>
        <Typography.Text type="secondary">{t('circ.print.period', { from: circular.periodFrom, to: circular.periodTo })}</Typography.Text>
        <Space role="group" aria-label={t('circ.print.toolbar')} style={{ marginInlineStart: 'auto' }} wrap>
          {circular.editable && (
            <>
              <Button onClick={() => setEditing(true)}>{t('circ.edit')}</Button>
              <IssueCircularButton circularId={circular.id} />
            </>
          )}
          <Button onClick={() => window.print()}>{t('circ.print.print')}</Button>
          <Button onClick={() => void download()} loading={downloading}>
            {t('circ.print.pdf')}
          </Button>
        </Space>
      </div>
      <OfficialDocumentView doc={circular.document} label={t('circ.print.document')} />
      <CircularEditor circularId={editing ? circular.id : null} onClose={() => setEditing(false)} />
    </div>
  );
}
