import { Button, Table, Typography, type TableProps } from 'antd';
import type { MeasureAction } from '@liandong/domain/measure';

/** An empty cell, silent to screen readers. */
export const none = <span aria-hidden>—</span>;

/** A section of the measure page that is one titled table (责任单位, 子任务, 督办, 需协调事项, 延期申请). */
export function TableSection<T extends object>({
  id,
  testId,
  title,
  emptyText,
  ...table
}: {
  /** The heading's id, which names the section. */
  id: string;
  testId: string;
  title: string;
  emptyText?: string;
} & Required<Pick<TableProps<T>, 'rowKey' | 'dataSource' | 'columns'>>) {
  return (
    <section aria-labelledby={id} data-testid={testId}>
      <Typography.Title level={2} id={id} style={{ fontSize: 16 }}>
        {title}
      </Typography.Title>
      <Table<T> {...table} size="small" pagination={false} scroll={{ x: 'max-content' }} locale={emptyText === undefined ? undefined : { emptyText }} />
    </section>
  );
}

/** The small button in a row that opens the form of one of the reader's actions. */
export function ActionButton({ action, onAction, label, ariaLabel, type = 'primary' }: { action: MeasureAction; onAction: (action: MeasureAction) => void; label: string; ariaLabel?: string; type?: 'primary' | 'default' }) {
  return (
    <Button size="small" type={type} onClick={() => onAction(action)} aria-label={ariaLabel}>
      {label}
    </Button>
  );
}
