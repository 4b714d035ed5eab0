import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { PlanPreview } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';
import { draftFromPreview, type Draft } from './draft';
import { ImportReview } from './ImportReview';

type Source = 'paste' | 'upload';
interface ChosenFile {
  name: string;
  /** `data:…;base64,…` as FileReader reads it; the server strips the prefix. */
  base64: string;
}

const ACCEPTED = /\.(txt|docx|pdf|html?)$/iu;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('unreadable')));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** Import a plan (导入方案): paste or upload the document, review what was read, fix names, confirm. */
export function ImportPage() {
  const { lang, t } = useI18n();
  const trpc = useTRPC();
  const me = useMe();
  const { message } = App.useApp();
  usePageTitle(t('import.title'));

  const [source, setSource] = useState<Source>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [localError, setLocalError] = useState<{ field: 'text' | 'file'; key: MessageKey } | null>(null);
  const [review, setReview] = useState<{ preview: PlanPreview; draft: Draft } | null>(null);

  const agencies = useQuery(trpc.agency.list.queryOptions({}));
  const preview = useMutation(trpc.plan.preview.mutationOptions());
  // A coordinator who is not an admin imports only plans their own agency coordinates.
  const ownAgencyCode = me.roles.includes('admin') ? null : me.agency.code;

  const failure = preview.isError ? apiFailure(preview.error) : null;
  const serverError = (prefix: 'text' | 'file') => {
    const messages = failure?.fields.filter((f) => f.field === prefix || f.field.startsWith(`${prefix}.`)).map((f) => f.message) ?? [];
    return messages.length > 0 ? t('import.previewFailedWith', { message: messages.join('; ') }) : undefined;
  };
  const textError = localError?.field === 'text' ? t(localError.key) : serverError('text');
  const fileError = localError?.field === 'file' ? t(localError.key) : serverError('file');

  const read = () => {
    setLocalError(null);
    if (source === 'paste' && !text.trim()) return setLocalError({ field: 'text', key: 'import.textRequired' });
    if (source === 'upload' && !file) return setLocalError({ field: 'file', key: 'import.fileRequired' });
    preview.mutate(source === 'paste' ? { text } : { file: file! }, {
      onSuccess: (result) => setReview({ preview: result, draft: draftFromPreview(result, ownAgencyCode ? { coordinatorCode: ownAgencyCode } : {}) }),
    });
  };

  const rereadFor = (jurisdictionCode: string) => {
    if (!review) return;
    const { draft } = review;
    preview.mutate(
      { text: draft.sourceText, jurisdictionCode },
      {
        onSuccess: (result) => {
          setReview({ preview: result, draft: { ...draftFromPreview(result, { coordinatorCode: draft.coordinatorCode }), meta: draft.meta } });
          void message.info(t('import.jurisdictionChanged'));
        },
        onError: (error) => void message.error(localizeMessage(apiFailure(error).message, lang)),
      },
    );
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('import.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('import.intro')}
        </Typography.Paragraph>
      </div>

      {review ? (
        <ImportReview
          preview={review.preview}
          draft={review.draft}
          onDraftChange={(draft) => setReview({ ...review, draft })}
          agencies={agencies.data ?? []}
          agenciesLoading={agencies.isLoading}
          ownAgencyCode={ownAgencyCode}
          onJurisdictionChange={rereadFor}
          rereading={preview.isPending}
          onRestart={() => {
            preview.reset();
            setReview(null);
          }}
        />
      ) : (
        <Card>
          <Form layout="vertical" component="form" onFinish={read} disabled={preview.isPending}>
            <Tabs
              activeKey={source}
              onChange={(key) => {
                setSource(key as Source);
                setLocalError(null);
                preview.reset();
              }}
              items={[
                {
                  key: 'paste',
                  label: t('import.tab.paste'),
                  children: (
                    <Form.Item label={t('import.text')} htmlFor="plan-text" validateStatus={textError ? 'error' : undefined} help={textError}>
                      <Input.TextArea
                        id="plan-text"
                        value={text}
                        onChange={(e) => {
                          setText(e.target.value);
                          setLocalError(null);
                        }}
                        placeholder={t('import.textPlaceholder')}
                        autoSize={{ minRows: 12, maxRows: 24 }}
                        spellCheck={false}
                      />
                    </Form.Item>
                  ),
                },
                {
                  key: 'upload',
                  label: t('import.tab.upload'),
                  children: (
                    <Form.Item label={t('import.file')} validateStatus={fileError ? 'error' : undefined} help={fileError}>
                      <Upload.Dragger
                        accept=".txt,.docx,.pdf,.html,.htm"
                        maxCount={1}
                        fileList={file ? [{ uid: 'plan', name: file.name, status: 'done' }] : []}
                        onRemove={() => setFile(null)}
                        beforeUpload={(chosen) => {
                          setLocalError(null);
                          preview.reset();
                          if (!ACCEPTED.test(chosen.name)) {
                            setFile(null);
                            setLocalError({ field: 'file', key: 'import.fileType' });
                            return Upload.LIST_IGNORE;
                          }
                          readAsDataUrl(chosen).then(
                            (base64) => setFile({ name: chosen.name, base64 }),
                            () => setLocalError({ field: 'file', key: 'import.fileRead' }),
                          );
                          // Nothing is uploaded on its own: the content goes to plan.preview.
                          return false;
                        }}
                      >
                        <p style={{ fontSize: 32, margin: 0 }} aria-hidden>
                          ⇪
                        </p>
                        <p>{t('import.fileHint')}</p>
                      </Upload.Dragger>
                    </Form.Item>
                  ),
                },
              ]}
            />
            {failure && !textError && !fileError && (
              <Alert
                type="error"
                showIcon
                title={t('import.previewFailed')}
                description={localizeMessage(failure.message, lang)}
                style={{ marginBottom: 16 }}
              />
            )}
            <Button type="primary" htmlType="submit" loading={preview.isPending}>
              {t('import.preview')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
