import { Alert, Button, Form, Modal, Typography, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { AgencySelect } from '../../components/AgencySelect';
import type { AgencyListItem } from '../../lib/api';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { integrationFieldErrors } from './view';

/** A failure in plain words: the server's refusal, or that the connection dropped (the outcome unknown). */
export function useFailureText() {
  const { t, lang } = useI18n();
  return (error: unknown): string => {
    const failure = apiFailure(error);
    if (failure.code === null) {
      // Not the server's answer: kept in the console for whoever investigates.
      console.error(error);
      return t('integrations.failedNetwork');
    }
    return localizeMessage(failure.message, lang);
  };
}

/**
 * A form in a modal that creates something (a token, an endpoint): sends once per press, shows a refused field's
 * message beside that field (BAD_REQUEST `data.fields`) and anything else above the form; nothing is kept on failure.
 */
export function FormDialog<V extends object>({
  name,
  open,
  title,
  okText,
  fields,
  initialValues,
  send,
  onClose,
  children,
}: {
  /** Form name: field ids are `<name>_<field>`, so labels name their fields. */
  name: string;
  open: boolean;
  title: string;
  okText: string;
  /** The form's field names, which the server's field errors may name. */
  fields: readonly string[];
  initialValues?: Partial<V>;
  /** Resolves when the server accepted; the dialog closes then. */
  send: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<V>();
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const failureText = useFailureText();

  useEffect(() => {
    if (open) setErrors([]);
  }, [open]);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setErrors([]);
    setPending(true);
    try {
      await send({ ...(form.getFieldsValue(true) as V), ...values });
      onClose();
    } catch (error) {
      const failure = apiFailure(error);
      if (failure.fields.length > 0) {
        const { byField, other } = integrationFieldErrors(failure.fields, fields, lang);
        form.setFields(byField.map((f) => ({ name: f.name as never, errors: f.errors })));
        setErrors(other.length > 0 ? other : byField.length > 0 ? [t('integrations.fixFields')] : []);
      } else {
        setErrors([failureText(error)]);
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      mask={{ closable: !pending }}
      width={640}
    >
      {errors.length > 0 && <Alert type="error" showIcon role="alert" title={t('integrations.failed')} description={errors.join('；')} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form<V> form={form} name={name} layout="vertical" initialValues={initialValues} preserve={false} disabled={pending} onFinish={() => void submit()}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}

/** One agency of the directory as a form field whose value is its code (what the integration inputs take). */
export function AgencyCodeField({ agencies, value, onChange, id, placeholder, loading }: { agencies: readonly AgencyListItem[]; value?: string; onChange?: (code: string) => void; id?: string; placeholder?: string; loading?: boolean }) {
  return <AgencySelect id={id} agencies={agencies} value={value ?? null} onChange={(agency) => onChange?.(agency.code)} placeholder={placeholder} loading={loading} style={{ width: '100%' }} />;
}

/**
 * A token or signing secret, shown once: the words that it will not be shown again, the value with a copy button.
 * Closing forgets it; nothing of it stays in the page or the cache.
 */
export function SecretReveal({ reveal, onClose }: { reveal: { title: string; note: string; secret: string } | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={reveal !== null}
      title={reveal?.title}
      onCancel={onClose}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      width={640}
      footer={
        <Button type="primary" onClick={onClose} data-testid="reveal-close">
          {t('integrations.reveal.close')}
        </Button>
      }
    >
      {reveal && (
        <div data-testid="secret-reveal">
          <Alert type="warning" showIcon title={reveal.note} style={{ marginBottom: 16 }} />
          <Typography.Paragraph
            code
            copyable={{ text: reveal.secret, tooltips: [t('integrations.reveal.copy'), t('integrations.reveal.copied')] }}
            style={{ wordBreak: 'break-all', fontSize: 14, userSelect: 'all', marginBottom: 0 }}
            data-testid="secret-value"
          >
            {reveal.secret}
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}
