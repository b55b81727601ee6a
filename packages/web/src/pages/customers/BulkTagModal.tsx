// Bulk tag or untag: the selected customers, or every customer matching the current filter. Starts a
// background job (mark_tag per follow relation) and hands its id back for the progress bar.
import { Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerFilter } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useErrorText } from "../../lib/useErrorText.ts";
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
  const _errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const job = await api.tags.startJob(corpId, {
        add: values.add ?? [],
        remove: values.remove ?? [],
        ...target,
      });
      onStarted(job.id);
    } catch (reason) {
      failure.fail(reason);
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
      {failure.alert}
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
