// The store codes (区域活码): each a public QR whose landing page asks for the customer's location (or city) and
// shows the nearest open store's staff QR and group QR. Shown with its QR (PNG download), landing address,
// stores, visits and an on/off switch; a new code covers every store or a chosen set.
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type StoreCode, type StoreCodeInput } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { useServerErrors } from "../../../lib/useServerErrors.ts";
import { LoadError } from "../../LoadError.tsx";

interface NewCode {
  name: string;
  title?: string;
  storeIds?: string[];
}

export function StoreCodePanel({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const codes = useApiData(() => api.storeCodes.list(corpId));
  const stores = useApiData(() => api.stores.list(corpId));
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<NewCode>();
  const applyServerErrors = useServerErrors(form);

  const storeName = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));

  async function create(values: NewCode) {
    setSaving(true);
    try {
      const input: StoreCodeInput = {
        name: values.name.trim(),
        title: values.title?.trim() || null,
        storeIds: values.storeIds && values.storeIds.length > 0 ? values.storeIds : null,
      };
      await api.storeCodes.create(corpId, input);
      void message.success(t("storeCodes.created"));
      setCreating(false);
      form.resetFields();
      codes.reload();
    } catch (reason) {
      const rest = applyServerErrors(reason);
      if (rest.length > 0 || !(reason instanceof Error)) void message.error(errorText(reason));
    } finally {
      setSaving(false);
    }
  }

  async function setEnabled(code: StoreCode, enabled: boolean) {
    try {
      await api.storeCodes.update(corpId, code.id, { enabled });
      codes.reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  async function remove(code: StoreCode) {
    try {
      await api.storeCodes.remove(corpId, code.id);
      void message.success(t("storeCodes.deleted"));
      codes.reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const newButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t("storeCodes.create")}
    </Button>
  );

  const items = codes.data?.items ?? [];
  return (
    <>
      {codes.error !== undefined && <LoadError error={codes.error} onRetry={codes.reload} />}
      {!codes.loading && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("storeCodes.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("storeCodes.emptyText")}</Typography.Text>
              </>
            }
          >
            {newButton}
          </Empty>
        </Card>
      ) : (
        <>
          <Space style={{ marginBottom: 16 }}>{newButton}</Space>
          <Row gutter={[16, 16]}>
            {items.map((code) => (
              <Col xs={24} lg={12} key={code.id}>
                <Card
                  title={code.name}
                  data-testid="store-code"
                  extra={
                    <Space>
                      <Switch
                        checked={code.enabled}
                        onChange={(on) => setEnabled(code, on)}
                        aria-label={t("storeCodes.enabled")}
                        checkedChildren={t("storeCodes.on")}
                        unCheckedChildren={t("storeCodes.off")}
                      />
                      <Popconfirm title={t("storeCodes.deleteConfirm")} onConfirm={() => remove(code)}>
                        <Button type="link" danger>
                          {t("common.delete")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  }
                >
                  <Row gutter={16}>
                    <Col xs={24} sm={10} style={{ textAlign: "center" }}>
                      <Image
                        src={api.storeCodes.qrUrl(corpId, code.id)}
                        alt={t("storeCodes.qrAlt", { name: code.name })}
                        width={180}
                        preview={false}
                        data-testid="store-code-qr"
                      />
                      <div>
                        <Button
                          icon={<DownloadOutlined />}
                          href={`${api.storeCodes.qrUrl(corpId, code.id)}?download=1`}
                          download
                        >
                          {t("storeCodes.downloadPng")}
                        </Button>
                      </div>
                    </Col>
                    <Col xs={24} sm={14}>
                      <Space direction="vertical" style={{ width: "100%" }}>
                        <Typography.Text type="secondary">{t("storeCodes.landing")}</Typography.Text>
                        <Typography.Link
                          href={code.landingPath}
                          target="_blank"
                          copyable={{ text: code.landingUrl }}
                        >
                          {code.landingUrl}
                        </Typography.Link>
                        <Typography.Text type="secondary">{t("storeCodes.scope")}</Typography.Text>
                        <Typography.Text>
                          {code.storeIds === null
                            ? t("storeCodes.allStores")
                            : code.storeIds.map((id) => storeName.get(id) ?? id).join("、")}
                        </Typography.Text>
                        <Statistic title={t("storeCodes.visits")} value={code.visits} />
                        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                          {t("storeCodes.how")}
                        </Typography.Paragraph>
                      </Space>
                    </Col>
                  </Row>
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
      <Modal
        open={creating}
        title={t("storeCodes.createTitle")}
        okText={t("storeCodes.create")}
        cancelText={t("common.cancel")}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        forceRender
      >
        <Form<NewCode>
          form={form}
          layout="vertical"
          onFinish={create}
          initialValues={{ name: t("storeCodes.defaultName") }}
          autoComplete="off"
        >
          <Form.Item
            name="name"
            label={t("storeCodes.name")}
            rules={[
              { required: true, whitespace: true, message: t("validation.nameRequired") },
              { max: 60, message: t("validation.tooLong", { max: 60 }) },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t("storeCodes.title")} extra={t("storeCodes.titleHelp")}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="storeIds" label={t("storeCodes.stores")} extra={t("storeCodes.storesHelp")}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t("storeCodes.allStores")}
              options={(stores.data?.items ?? []).map((s) => ({
                value: s.id,
                label: `${s.name}（${s.city}）`,
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
