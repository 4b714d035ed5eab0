import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { LoadError } from '../../components/LoadError';
import type { Outputs } from '../../lib/api';
import { localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { Instant, LongId } from './parts';
import { auditEventHref } from './query';
import { verificationReason } from './verification';

type Status = Outputs['audit']['status'];
type Verification = Outputs['audit']['verify'];

/**
 * The chain's state (事件数, 链头, 最新检查点, 上次校验, 签名) and 校验完整性: from the latest checkpoint, or from
 * the start on request. Verifying changes nothing but the log, which records it (audit.verified).
 */
export function ChainStatus() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.audit.status.queryOptions());
  const verify = useMutation(
    trpc.audit.verify.mutationOptions({
      // The verification is itself an event: the head, the count and the log's newest page moved.
      onSettled: () => queryClient.invalidateQueries(trpc.audit.pathFilter()),
    }),
  );
  const running = verify.isPending ? verify.variables?.from : undefined;

  return (
    <Card size="small" title={t('audit.chain')} data-testid="audit-status">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <LoadError query={status} />
        {status.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : status.data && <StatusFacts status={status.data} />}
        <Space wrap>
          <Button type="primary" data-testid="audit-verify" loading={running === 'checkpoint'} disabled={verify.isPending} onClick={() => verify.mutate({ from: 'checkpoint' })}>
            {t('audit.verify')}
          </Button>
          <Button data-testid="audit-verify-start" loading={running === 'start'} disabled={verify.isPending} onClick={() => verify.mutate({ from: 'start' })}>
            {t('audit.verify.fromStart')}
          </Button>
          <Typography.Text type="secondary">{t('audit.verify.hint')}</Typography.Text>
        </Space>
        {verify.isError && <VerifyFailed message={verify.error.message} />}
        {verify.data && !verify.isPending && <VerificationResult result={verify.data} />}
      </Space>
    </Card>
  );
}

function VerifyFailed({ message }: { message: string }) {
  const { t, lang } = useI18n();
  return <Alert type="error" showIcon title={t('audit.verify.failed')} description={localizeMessage(message, lang)} />;
}

function StatusFacts({ status }: { status: Status }) {
  const { t, lang } = useI18n();
  const { head, checkpoint, lastVerification: last } = status;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        { key: 'events', label: t('audit.status.events'), children: <span data-testid="audit-event-count">{status.events.toLocaleString(lang)}</span> },
        {
          key: 'head',
          label: t('audit.status.head'),
          children: head ? (
            <Space size={4} wrap>
              <span data-testid="audit-head-id">#{head.id}</span>
              <LongId value={head.hash} testId="audit-head-hash" />
              <Typography.Text type="secondary">
                <Instant iso={head.occurredAt} />
              </Typography.Text>
            </Space>
          ) : (
            t('audit.status.empty')
          ),
        },
        {
          key: 'checkpoint',
          label: t('audit.status.checkpoint'),
          children: checkpoint ? (
            <Space size={4} wrap data-testid="audit-checkpoint">
              <span>{t('audit.checkpoint.upTo', { seq: checkpoint.seq, id: checkpoint.lastEventId, n: checkpoint.eventCount })}</span>
              <LongId value={checkpoint.lastHash} />
              <Typography.Text type="secondary">
                <Instant iso={checkpoint.recordedAt} />
              </Typography.Text>
            </Space>
          ) : (
            <Typography.Text type="warning">{t('audit.status.noCheckpoint')}</Typography.Text>
          ),
        },
        {
          key: 'last',
          label: t('audit.status.lastVerification'),
          children: last ? (
            <Space size={4} wrap data-testid="audit-last-verification">
              {last.ok ? <Tag color="green">{t('audit.result.intact')}</Tag> : <Tag color="red">{t('audit.result.brokenAt', { id: last.brokenAt ?? '?' })}</Tag>}
              <span>{t(last.from === 'start' ? 'audit.verified.fromStart' : 'audit.verified.fromCheckpoint', { n: last.checked })}</span>
              <Typography.Text type="secondary">
                {last.actor} · <Instant iso={last.at} />
              </Typography.Text>
              {!last.ok && last.reason && <Typography.Text type="danger">{verificationReason(last.reason, lang)}</Typography.Text>}
            </Space>
          ) : (
            t('audit.status.neverVerified')
          ),
        },
        {
          key: 'key',
          label: t('audit.status.signatures'),
          children: status.keyConfigured ? (
            <Tag color="green" data-testid="audit-key" data-configured="true">
              {t('audit.status.keyConfigured')}
            </Tag>
          ) : (
            <Tag color="gold" data-testid="audit-key" data-configured="false">
              {t('audit.status.noKey')}
            </Tag>
          ),
        },
      ]}
    />
  );
}

/** What a verification covered and found: intact (the range, the anchored head, the signature) or the first broken event. */
function VerificationResult({ result }: { result: Verification }) {
  const { t, lang } = useI18n();
  const { range, anchor } = result;
  const covered = (
    <Space orientation="vertical" size={2}>
      <span>{t(result.from === 'start' ? 'audit.verified.fromStart' : 'audit.verified.fromCheckpoint', { n: result.checked })}</span>
      {range ? (
        <span data-testid="audit-verify-range">
          {t('audit.result.range', { first: range.firstId, last: range.lastId })} · <Instant iso={range.firstAt} /> – <Instant iso={range.lastAt} />
        </span>
      ) : (
        result.ok && <span>{t(anchor ? 'audit.result.nothingNew' : 'audit.status.empty')}</span>
      )}
      {anchor ? (
        <Space size={4} wrap data-testid="audit-verify-anchor">
          <span>{t('audit.result.anchor', { seq: anchor.seq, id: anchor.lastEventId, n: anchor.eventCount })}</span>
          <LongId value={anchor.lastHash} />
          <Typography.Text type="secondary">
            <Instant iso={anchor.recordedAt} />
          </Typography.Text>
          {anchor.signature === 'verified' ? <Tag color="green">{t('audit.result.signatureVerified')}</Tag> : <Tag color="gold">{t('audit.result.signatureUnchecked')}</Tag>}
        </Space>
      ) : (
        // A failure may stop before any checkpoint was reached: then there is nothing anchored to report.
        result.ok && <span>{t('audit.result.noAnchor')}</span>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('audit.result.recorded', { id: result.eventId })} · <Instant iso={result.verifiedAt} />
      </Typography.Text>
    </Space>
  );

  if (result.ok) {
    return <Alert type="success" showIcon data-testid="audit-verify-result" data-ok="true" title={t('audit.result.intactTitle', { n: result.checked })} description={covered} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      data-ok="false"
      data-broken-at={result.brokenAt}
      title={t('audit.result.brokenTitle', { id: result.brokenAt })}
      description={
        <Space orientation="vertical" size={4}>
          <Typography.Text strong>{verificationReason(result.reason, lang)}</Typography.Text>
          {result.missingAfter !== undefined && <span>{t('audit.result.missingAfter', { id: result.missingAfter })}</span>}
          <Link to={auditEventHref(result.brokenAt)} data-testid="audit-broken-link">
            {t('audit.result.showEvent', { id: result.brokenAt })}
          </Link>
          {covered}
        </Space>
      }
    />
  );
}
