import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { mapFieldErrors, type FieldPath } from '../../pages/measure/fieldErrors';
import { localizeRefusal } from '../../pages/measure/refusals';

/**
 * A measure command as a mutation. After it succeeds, what it changed is read again: the measure page,
 * the inbox and my-measures lists (inbox.*), and the notifications bell (notification.*).
 */
export function useMeasureCommand<TData, TError, TInput>(measureId: string, options: UseMutationOptions<TData, TError, TInput>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation<TData, TError, TInput>({
    ...options,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.measure.get.queryKey({ measureId }) }),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
        queryClient.invalidateQueries(trpc.notification.pathFilter()),
      ]);
    },
  });
}

/**
 * A request id for one command, made when the form opens: a double click or a retry after a lost answer
 * sends the same id, and the server applies the command once. After the server answered with a refusal
 * (nothing happened) the next try is a new command with a new id.
 */
export function useRequestId(): [string, () => void] {
  const [id, setId] = useState(() => crypto.randomUUID());
  return [id, useCallback(() => setId(crypto.randomUUID()), [])];
}

/** The failure of a command in plain words, and whether the server answered (then a retry is a new command). */
export function describeFailure(error: unknown, lang: 'zh-CN' | 'en', networkText: string): { text: string; answered: boolean } {
  const failure = apiFailure(error);
  if (failure.code === null) return { text: networkText, answered: false };
  return { text: localizeRefusal(localizeMessage(failure.message, lang), lang), answered: true };
}

export interface CommandFormOptions<V> {
  form: FormInstance<V>;
  open: boolean;
  /** Sends the command with the form's values and the request id; resolves when the server accepted it. */
  send: (values: V, requestId: string) => Promise<unknown>;
  /** Said after success. */
  doneText: string;
  onDone: () => void;
  /** Asked before sending, for what cannot be undone (decline, return, decide, withdraw); null to send at once. */
  confirm?: (values: V) => string | null;
  danger?: boolean;
  /** The server's name for a field, as the form names it (when the two differ). */
  formField?: (field: string) => string;
}

/**
 * A command's form: validates, asks to confirm when asked to, sends with one request id per opening,
 * shows the server's refusal beside the field it names (BAD_REQUEST `data.fields`) or in `errors`,
 * and says so on success.
 */
export function useCommandForm<V>({ form, open, send, doneText, onDone, confirm, danger, formField = (f) => f }: CommandFormOptions<V>) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [requestId, renewRequestId] = useRequestId();
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    // A new opening is a new command.
    renewRequestId();
    setErrors([]);
  }, [open, renewRequestId]);

  const submit = async (values: V) => {
    setErrors([]);
    try {
      await send(values, requestId);
      void message.success(doneText);
      onDone();
    } catch (e) {
      const failure = apiFailure(e);
      if (failure.code !== null) renewRequestId();
      if (failure.fields.length > 0) {
        const onForm = fieldNames(form);
        const fields = failure.fields.map((f) => ({ field: formField(f.field), message: f.message }));
        const { byField, other } = mapFieldErrors(fields, (path: FieldPath) => onForm.has(JSON.stringify(path)), lang);
        form.setFields(byField.map((f) => ({ name: f.name as never, errors: f.errors })));
        setErrors(other);
        return;
      }
      // Not the server's answer: the network, or a fault here; kept in the console for whoever investigates.
      if (failure.code === null) console.error(e);
      setErrors([describeFailure(e, lang, t('mp.failedNetwork')).text]);
    }
  };

  const onOk = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    // Every value the form holds, also those shown without a field of their own (a KPI line's metric).
    const values = form.getFieldsValue(true) as V;
    const question = confirm?.(values);
    if (!question) return submit(values);
    modal.confirm({
      title: question,
      okText: t('mp.confirm.ok'),
      cancelText: t('cancel'),
      okButtonProps: { danger, 'data-testid': 'confirm-ok' },
      onOk: () => submit(values),
    });
  };

  return { onOk, errors };
}

/** The refusal the server gave, above a form's fields. */
export function CommandErrors({ errors }: { errors: string[] }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return <Alert type="error" showIcon role="alert" title={t('mp.failed')} description={errors.join('；')} style={{ marginBottom: 16 }} data-testid="command-error" />;
}

export interface CommandDialogProps<V> extends Omit<CommandFormOptions<V>, 'form' | 'onDone'> {
  onClose: () => void;
  title: ReactNode;
  okText: string;
  pending: boolean;
  initialValues?: Partial<V>;
  /** Above the fields: what the command is about. */
  intro?: ReactNode;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  /** Form name: field ids are `<name>_<field>`, so labels name their fields. */
  name: string;
  /** Keeps the OK button off (e.g. nothing to decide any more). */
  okDisabled?: boolean;
}

/** A command's form in a modal; the OK button stays busy while the command is pending. */
export function CommandDialog<V extends object>({ open, onClose, title, okText, pending, initialValues, intro, children, name, okDisabled, ...command }: CommandDialogProps<V>) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const { onOk, errors } = useCommandForm<V>({ ...command, form, open, onDone: onClose });
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('cancel')}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={{ danger: command.danger, disabled: okDisabled, 'data-testid': 'dialog-ok' }}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      mask={{ closable: !pending }}
      width={600}
    >
      {intro}
      <CommandErrors errors={errors} />
      <Form<V> form={form} name={name} layout="vertical" initialValues={initialValues} preserve={false} disabled={pending} onFinish={() => void onOk()}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}

/** The paths of the fields the form holds, as JSON (`["content","percentDone"]`). */
export function fieldNames<V>(form: FormInstance<V>): Set<string> {
  return new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
}
