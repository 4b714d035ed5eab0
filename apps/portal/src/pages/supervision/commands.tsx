import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { Input, Typography } from 'antd';
import { CommandDialog } from '../../components/measure/command';
import { ChoiceField, RequiredTextField } from '../../components/measure/DialogFields';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { chinaDateOf, deadlineOf } from '../measure/format';

/**
 * A command of the coordinator's desk (督办单, 督办). After it succeeds, what it changed is read again: notices,
 * the escalation queue, measure pages, the inbox and the bell.
 */
export function useDeskCommand<TData, TError, TInput>(options: UseMutationOptions<TData, TError, TInput>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation<TData, TError, TInput>({
    ...options,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries(trpc.supervision.pathFilter()),
        queryClient.invalidateQueries(trpc.escalation.pathFilter()),
        queryClient.invalidateQueries(trpc.measure.pathFilter()),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
        queryClient.invalidateQueries(trpc.notification.pathFilter()),
      ]);
    },
  });
}

/** What a notice is issued about: a row of the escalation queue. */
export interface NoticeSubject {
  measureId: string;
  measureNumber: string;
  measureTitle: string;
  agencyId: number;
  agencyName: string;
  escalationId?: string;
  /** The escalation's level and reason, in words. */
  about?: string;
}

const DAY_MS = 86_400_000;

/** 下发督办单: the coordinator's form, prefilled from the escalation it is issued from. */
export function IssueNoticeDialog({ subject, onClose }: { subject: NoticeSubject | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const issue = useDeskCommand(trpc.supervision.issueNotice.mutationOptions());
  const tomorrow = chinaDateOf(Date.now() + DAY_MS);
  return (
    <CommandDialog<{ requirement: string; answerDueAt: string }>
      name="issue-notice"
      open={subject !== null}
      onClose={onClose}
      title={t('supervision.issue.title')}
      okText={t('supervision.issue.ok')}
      pending={issue.isPending}
      doneText={t('supervision.issue.done')}
      confirm={() => t('supervision.issue.confirm')}
      initialValues={{ requirement: t('supervision.issue.requirementDefault'), answerDueAt: chinaDateOf(Date.now() + 5 * DAY_MS) }}
      intro={
        subject && (
          <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 12, rowGap: 4, margin: '0 0 16px' }}>
            <dt>{t('supervision.issue.measure')}</dt>
            <dd style={{ margin: 0 }}>
              <Typography.Text type="secondary">{subject.measureNumber}</Typography.Text> {subject.measureTitle}
            </dd>
            <dt>{t('supervision.issue.agency')}</dt>
            <dd style={{ margin: 0 }} data-testid="notice-unit">
              {subject.agencyName}
            </dd>
            {subject.about && (
              <>
                <dt>{t('supervision.issue.escalation')}</dt>
                <dd style={{ margin: 0 }}>{subject.about}</dd>
              </>
            )}
          </dl>
        )
      }
      send={(values, requestId) =>
        issue.mutateAsync({
          measureId: subject!.measureId,
          agencyId: subject!.agencyId,
          ...(subject!.escalationId ? { escalationId: subject!.escalationId } : {}),
          requirement: values.requirement,
          answerDueAt: deadlineOf(values.answerDueAt),
          requestId,
        })
      }
    >
      <RequiredTextField name="requirement" label={t('supervision.issue.requirement')} max={2000} minRows={3} />
      <ChoiceField name="answerDueAt" label={t('supervision.issue.answerDueAt')}>
        <Input type="date" min={tomorrow} style={{ width: 200 }} />
      </ChoiceField>
    </CommandDialog>
  );
}

/** 答复: the unit's officer's answer to a notice, once. */
export function AnswerNoticeDialog({ notice, onClose }: { notice: { id: string; number: string } | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const answer = useDeskCommand(trpc.supervision.answerNotice.mutationOptions());
  return (
    <CommandDialog<{ answer: string }>
      name="answer-notice"
      open={notice !== null}
      onClose={onClose}
      title={notice ? t('supervision.answer.title', { number: notice.number }) : ''}
      okText={t('supervision.answer.ok')}
      pending={answer.isPending}
      doneText={t('supervision.answer.done')}
      confirm={() => t('supervision.answer.confirm')}
      send={(values, requestId) => answer.mutateAsync({ noticeId: notice!.id, answer: values.answer, requestId })}
    >
      <RequiredTextField name="answer" label={t('supervision.answer.field')} max={2000} minRows={4} placeholder={t('supervision.answer.placeholder')} />
    </CommandDialog>
  );
}
