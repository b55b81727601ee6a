// Bulk tag or untag: the selected customers, or every customer matching the current filter. Starts a
// background job (mark_tag per follow relation) and hands its id back for the progress bar.
import { Alert, Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerFilter, type FieldError } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { TagSelect } from "./TagSelect.tsx";

interface Values {
  add: string[];
  remove: string[];
}

export function BulkTagModal({
  corpId,
  target,
  onClose,
  onStarted,
}: {
  corpId: string;
  target: { customerIds: string[] } | { filter: CustomerFilter };
  onClose: () => void;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyServerErrors = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    setSaving(true);
    setError(undefined);
    try {
      const job = await api.tags.startJob(corpId, {
        add: values.add ?? [],
        remove: values.remove ?? [],
        ...target,
      });
      onStarted(job.id);
    } catch (reason) {
      setError(reason);
      setLeftOver(applyServerErrors(reason));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={
        "customerIds" in target
          ? t("customers.bulkSelectedTitle", { count: target.customerIds.length })
          : t("customers.bulkFilterTitle")
      }
      okText={t("customers.bulkStart")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={leftOver.map((f) => f.message).join("; ") || undefined}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ add: [], remove: [] }}>
        <Form.Item
          name="add"
          label={t("customers.bulkAdd")}
          dependencies={["remove"]}
          rules={[
            {
              validator: async (_rule, add: string[] | undefined) => {
                const remove = (form.getFieldValue("remove") as string[] | undefined) ?? [];
                if ((add?.length ?? 0) + remove.length === 0) throw new Error(t("customers.bulkNothing"));
              },
            },
          ]}
        >
          <TagSelect corpId={corpId} />
        </Form.Item>
        <Form.Item name="remove" label={t("customers.bulkRemove")}>
          <TagSelect corpId={corpId} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
