import { useMutation, useQuery, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { CommandDialog, CommandErrors, describeFailure, useRequestId } from '../../components/measure/command';
import { ChoiceField, DateField } from '../../components/measure/DialogFields';
import type { Outputs } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { apiFailure } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { lastMonth } from './period';

export type CircularSummary = Outputs['circular']['list']['rows'][number];
export type CircularView = Outputs['circular']['get'];
type Block = CircularView['body'][number];

/** A circular command; after it succeeds the circulars and the bell are read again. */
export function useCircularCommand<TData, TError, TInput>(options: UseMutationOptions<TData, TError, TInput>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation<TData, TError, TInput>({
    ...options,
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries(trpc.circular.pathFilter()), queryClient.invalidateQueries(trpc.notification.pathFilter())]);
    },
  });
}

/** May this person draft, edit and issue circulars at all: a coordinator who is not an auditor. */
export function useMayWriteCirculars(): boolean {
  const me = useMe();
  return me.roles.includes('coordinator') && !me.roles.includes('auditor');
}

const ALL_PLANS = '';

/** 起草通报: which plans (one, or all the office coordinates) and which period; the draft then opens in the editor. */
export function DraftCircularDialog({ open, onClose, onDrafted }: { open: boolean; onClose: () => void; onDrafted: (circularId: string) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const plans = useQuery({ ...trpc.plan.list.queryOptions(), enabled: open });
  const draft = useCircularCommand(trpc.circular.draft.mutationOptions());
  const mine = plans.data?.filter((p) => p.coordinator.code === me.agency.code) ?? [];
  return (
    <CommandDialog<{ planId: string; from: string; to: string }>
      name="draft-circular"
      open={open}
      onClose={onClose}
      title={t('circ.draft.title')}
      okText={t('circ.draft.ok')}
      pending={draft.isPending}
      doneText={t('circ.draft.done')}
      initialValues={{ planId: ALL_PLANS, ...lastMonth() }}
      intro={<Typography.Paragraph type="secondary">{t('circ.draft.intro')}</Typography.Paragraph>}
      send={async (values, requestId) => {
        const { circularId } = await draft.mutateAsync({ ...(values.planId ? { planId: values.planId } : {}), from: values.from, to: values.to, requestId });
        onDrafted(circularId);
      }}
    >
      <ChoiceField name="planId" label={t('circ.draft.plan')}>
        <Select
          aria-label={t('circ.draft.plan')}
          loading={plans.isPending}
          options={[{ value: ALL_PLANS, label: t('circ.draft.allPlans') }, ...mine.map((p) => ({ value: p.id, label: p.title }))]}
        />
      </ChoiceField>
      <Space wrap size="large">
        <DateField name="from" label={t('circ.draft.from')} min={undefined} />
        <DateField name="to" label={t('circ.draft.to')} min={undefined} />
      </Space>
    </CommandDialog>
  );
}

/** 签发, asked to confirm first: the number is taken and the units are notified; nothing can be changed afterwards. */
export function IssueCircularButton({ circularId, onIssued, type = 'primary' }: { circularId: string; onIssued?: (number: string) => void; type?: 'primary' | 'default' | 'link' }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const issue = useCircularCommand(trpc.circular.issue.mutationOptions());
  const [requestId, renewRequestId] = useRequestId();
  const ask = () =>
    modal.confirm({
      title: t('circ.issue.confirm'),
      okText: t('circ.issue.ok'),
      cancelText: t('cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: async () => {
        try {
          const { number } = await issue.mutateAsync({ circularId, requestId });
          renewRequestId();
          void message.success(t('circ.issue.done', { number }));
          onIssued?.(number);
        } catch (error) {
          const failure = describeFailure(error, lang, t('mp.failedNetwork'));
          if (failure.answered) renewRequestId();
          void message.error(`${t('mp.failed')}：${failure.text}`);
        }
      },
    });
  return (
    <Button type={type} size={type === 'link' ? 'small' : 'middle'} loading={issue.isPending} onClick={ask}>
      {t('circ.issue')}
    </Button>
  );
}

/**
 * The draft's editor: its title, every heading and paragraph as text, tables shown as they are (they come from the
 * data); paragraphs may be inserted and removed. Saving replaces the draft's title and body; the server's refusal
 * shows beside the block it names (`body.3.text`).
 */
export function CircularEditor({ circularId, onClose }: { circularId: string | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const open = circularId !== null;
  const got = useQuery({ ...trpc.circular.get.queryOptions({ circularId: circularId ?? '' }), enabled: open, staleTime: 0 });
  const update = useCircularCommand(trpc.circular.update.mutationOptions());
  const [requestId, renewRequestId] = useRequestId();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState<Block[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [errors, setErrors] = useState<string[]>([]);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  useEffect(() => {
    if (got.data && got.data.id !== loadedFor) {
      setTitle(got.data.title);
      setBody(got.data.body);
      setLoadedFor(got.data.id);
      setFieldErrors(new Map());
      setErrors([]);
      renewRequestId();
    }
  }, [got.data, loadedFor, renewRequestId]);
  useEffect(() => {
    if (!open) setLoadedFor(null);
  }, [open]);

  const setText = (index: number, text: string) => setBody((blocks) => blocks.map((b, i) => (i === index && (b.type === 'paragraph' || b.type === 'heading') ? { ...b, text } : b)));
  const insertAfter = (index: number) => setBody((blocks) => [...blocks.slice(0, index + 1), { type: 'paragraph', text: '' }, ...blocks.slice(index + 1)]);
  const remove = (index: number) => setBody((blocks) => blocks.filter((_, i) => i !== index));

  const save = async () => {
    // The same checks the server makes, named the same way, before anything is sent.
    const local = new Map<string, string>();
    if (title.trim() === '') local.set('title', t('circ.editor.required', { field: t('circ.editor.docTitle') }));
    body.forEach((b, i) => {
      if ((b.type === 'paragraph' || b.type === 'heading') && b.text.trim() === '') local.set(`body.${i}.text`, t('circ.editor.required', { field: labelOf(i) }));
    });
    setFieldErrors(local);
    setErrors([]);
    if (local.size > 0) return;
    try {
      await update.mutateAsync({ circularId: circularId!, title, body, requestId });
      renewRequestId();
      void message.success(t('circ.editor.saved'));
      onClose();
    } catch (error) {
      const failure = apiFailure(error);
      if (failure.code !== null) renewRequestId();
      if (failure.fields.length > 0) {
        setFieldErrors(new Map(failure.fields.map((f) => [f.field, f.message])));
        setErrors(failure.fields.filter((f) => f.field !== 'title' && !/^body\.\d+\.text$/.test(f.field)).map((f) => `${f.field}: ${f.message}`));
        return;
      }
      setErrors([describeFailure(error, lang, t('mp.failedNetwork')).text]);
    }
  };

  // Paragraphs and headings are numbered in reading order, each on its own count, as the labels name them.
  const numbers = new Map<number, number>();
  const counts = { paragraph: 0, heading: 0 };
  body.forEach((b, i) => {
    if (b.type === 'paragraph' || b.type === 'heading') numbers.set(i, ++counts[b.type]);
  });
  const labelOf = (i: number) => {
    const b = body[i];
    return b?.type === 'heading' ? t('circ.editor.heading', { n: numbers.get(i) ?? 0 }) : t('circ.editor.paragraph', { n: numbers.get(i) ?? 0 });
  };
  const errorOf = (field: string) => fieldErrors.get(field);

  return (
    <Modal
      open={open}
      title={t('circ.editor.title')}
      width={900}
      onCancel={onClose}
      destroyOnHidden
      okText={t('circ.editor.save')}
      cancelText={t('cancel')}
      onOk={() => void save()}
      confirmLoading={update.isPending}
      okButtonProps={{ disabled: !got.data || got.data.status !== 'draft', 'data-testid': 'editor-save' }}
    >
      {got.error && <Alert type="error" showIcon title={t('error.load')} description={got.error.message} />}
      <CommandErrors errors={errors} />
      {got.data && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Field label={t('circ.editor.docTitle')} error={errorOf('title')}>
            {(id) => <Input id={id} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} status={errorOf('title') ? 'error' : undefined} />}
          </Field>
          {body.map((block, i) => (
            <div key={i} data-testid="editor-block" data-type={block.type}>
              {block.type === 'heading' && (
                <Field label={labelOf(i)} error={errorOf(`body.${i}.text`)}>
                  {(id) => <Input id={id} value={block.text} maxLength={200} onChange={(e) => setText(i, e.target.value)} status={errorOf(`body.${i}.text`) ? 'error' : undefined} />}
                </Field>
              )}
              {block.type === 'paragraph' && (
                <Field
                  label={labelOf(i)}
                  error={errorOf(`body.${i}.text`)}
                  extra={
                    <Button size="small" type="link" danger onClick={() => remove(i)} aria-label={t('circ.editor.removeParagraph', { n: numbers.get(i) ?? 0 })}>
                      {t('circ.editor.removeParagraph', { n: numbers.get(i) ?? 0 })}
                    </Button>
                  }
                >
                  {(id) => (
                    <Input.TextArea
                      id={id}
                      value={block.text}
                      autoSize={{ minRows: 2, maxRows: 12 }}
                      maxLength={5000}
                      onChange={(e) => setText(i, e.target.value)}
                      status={errorOf(`body.${i}.text`) ? 'error' : undefined}
                    />
                  )}
                </Field>
              )}
              {block.type === 'table' && (
                <div>
                  <Typography.Text type="secondary">
                    {block.caption ? `${block.caption} · ` : ''}
                    {t('circ.editor.table')}
                  </Typography.Text>
                  <Table
                    size="small"
                    pagination={false}
                    aria-label={block.caption ?? t('circ.editor.table')}
                    rowKey={(_, r) => String(r)}
                    dataSource={block.rows.map((row) => Object.fromEntries(row.map((cell, c) => [String(c), cell])))}
                    columns={block.columns.map((title, c) => ({ title, dataIndex: String(c), key: String(c) }))}
                  />
                </div>
              )}
              {block.type === 'fields' && (
                <dl style={{ margin: 0 }}>
                  {block.rows.map((row) => (
                    <div key={row.label}>
                      <dt style={{ display: 'inline', fontWeight: 600 }}>{row.label}：</dt>
                      <dd style={{ display: 'inline', margin: 0 }}>{row.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              <Button size="small" type="dashed" style={{ marginTop: 4 }} onClick={() => insertAfter(i)} aria-label={`${t('circ.editor.addParagraph')}（${i + 1}）`}>
                + {t('circ.editor.addParagraph')}
              </Button>
            </div>
          ))}
          {body.length === 0 && (
            <Button type="dashed" onClick={() => insertAfter(-1)}>
              + {t('circ.editor.addParagraphEnd')}
            </Button>
          )}
        </Space>
      )}
    </Modal>
  );
}

/** A labelled control with its error under it; the label names the control (for screen readers and tests). */
function Field({ label, error, extra, children }: { label: string; error?: string; extra?: ReactNode; children: (id: string) => ReactNode }) {
  const id = `circ-field-${label.replace(/\s+/g, '-')}`;
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <label htmlFor={id} style={{ fontWeight: 600 }}>
          {label}
        </label>
        {extra}
      </div>
      {children(id)}
      {error && (
        <div role="alert" style={{ color: '#ff4d4f', fontSize: 13 }}>
          {error}
        </div>
      )}
    </div>
  );
}
