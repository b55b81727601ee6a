// The sensitive-word list: search, remove, and a bulk add where each pasted line is a word; the server's
// complaint about one word is shown against its line.
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, fieldErrors, type SensitiveWord } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { translateIssue } from "../../lib/formErrors.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { parseWordLines } from "./wordLines.ts";

const CATEGORIES = ["forbidden", "ads", "competitor", "political", "other"] as const;

export function SensitiveWordList({ corpId }: { corpId: string }) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.sensitiveWords.list(corpId));
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const categoryText = (c: string) =>
    i18n.exists(`sensitiveWords.categories.${c}`) ? t(`sensitiveWords.categories.${c}`) : c;
  const items = (data?.items ?? []).filter((w) => w.word.toLowerCase().includes(search.trim().toLowerCase()));

  async function remove(word: string) {
    try {
      await api.sensitiveWords.remove(corpId, word);
      void message.success(t("sensitiveWords.removed"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Card
      title={t("sensitiveWords.title")}
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t("sensitiveWords.add")}
        </Button>
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Alert type="info" showIcon title={t("sensitiveWords.intro")} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t("sensitiveWords.search")}
          aria-label={t("sensitiveWords.search")}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        {data && <span>{t("sensitiveWords.count", { count: data.items.length })}</span>}
      </Space>
      <Table<SensitiveWord>
        data-testid="sensitive-words"
        rowKey="word"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("sensitiveWords.empty") }}
        columns={[
          { title: t("sensitiveWords.word"), dataIndex: "word" },
          {
            title: t("sensitiveWords.category"),
            dataIndex: "category",
            width: 140,
            render: (c: string) => <Tag>{categoryText(c)}</Tag>,
          },
          {
            title: t("sensitiveWords.createdAt"),
            dataIndex: "createdAt",
            width: 180,
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("common.actions"),
            key: "actions",
            width: 100,
            render: (_: unknown, w) => (
              <Popconfirm
                title={t("sensitiveWords.removeConfirm", { word: w.word })}
                okText={t("common.delete")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(w.word)}
              >
                <Button size="small" danger>
                  {t("common.delete")}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {adding && (
        <AddWords
          corpId={corpId}
          categories={CATEGORIES.map((c) => ({ value: c, label: categoryText(c) }))}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            reload();
          }}
        />
      )}
    </Card>
  );
}

interface AddValues {
  text: string;
  category: string;
}

function AddWords({
  corpId,
  categories,
  onClose,
  onAdded,
}: {
  corpId: string;
  categories: { value: string; label: string }[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<AddValues>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(values: AddValues) {
    const pasted = parseWordLines(values.text ?? "");
    if (pasted.words.length === 0) {
      form.setFields([{ name: "text", errors: [t("sensitiveWords.wordsRequired")] }]);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const r = await api.sensitiveWords.add(corpId, pasted.words, values.category);
      void message.success(t("sensitiveWords.added", r));
      onAdded();
    } catch (reason) {
      const issues = fieldErrors(reason);
      if (issues.length > 0) {
        // "words.3" is the fourth pasted word: name its line.
        const texts = issues.map((f) => {
          const m = /^words\.(\d+)$/.exec(f.field);
          const said = translateIssue(f.message, t);
          const line = m ? pasted.lines[Number(m[1])] : undefined;
          return line ? t("sensitiveWords.lineIssue", { line, message: said }) : said;
        });
        const onCategory = issues.some((f) => f.field === "category");
        form.setFields([{ name: onCategory ? "category" : "text", errors: [...new Set(texts)].slice(0, 5) }]);
      } else setError(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t("sensitiveWords.addTitle")}
      okText={t("sensitiveWords.addOk")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />
      )}
      <Form<AddValues>
        form={form}
        layout="vertical"
        initialValues={{ category: "forbidden" }}
        onFinish={submit}
      >
        <Form.Item
          name="text"
          label={t("sensitiveWords.wordsLabel")}
          rules={[{ required: true, whitespace: true, message: t("sensitiveWords.wordsRequired") }]}
        >
          <Input.TextArea rows={8} placeholder={t("sensitiveWords.wordsPlaceholder")} />
        </Form.Item>
        <Form.Item name="category" label={t("sensitiveWords.category")}>
          <Select options={categories} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
