// 触达 → 欢迎语: the corp default, each member's own message, and (read-only here) the messages of live
// codes; which one a new customer receives follows code → member → default.
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type WelcomeMessage } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { liveCodePath } from "../acquisition/paths.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { WelcomeEditor } from "./WelcomeEditor.tsx";
import { attachmentSummary } from "./welcomeContent.ts";

type Editing = { scope: "default" | "staff"; existing: WelcomeMessage | undefined };

export function WelcomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.welcome.title")}
        description={t("nav.pages.engagement.welcome.description")}
      />
      <RequireCorp>{(corpId) => <WelcomeMessages key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function Preview({ welcome }: { welcome: WelcomeMessage }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} style={{ width: "100%" }}>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }} ellipsis={{ rows: 3 }}>
        {welcome.text}
      </Typography.Paragraph>
      {welcome.attachments.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no id; their order is their identity
        <Typography.Text key={i} type="secondary" ellipsis>
          <Tag>{t(`welcome.types.${a.type}`)}</Tag>
          {attachmentSummary(a)}
        </Typography.Text>
      ))}
    </Space>
  );
}

function WelcomeMessages({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.welcome.list(corpId));
  const liveCodes = useApiData(() => api.liveCodes.list(corpId));
  const codeName = new Map((liveCodes.data?.items ?? []).map((c) => [c.id, c.name]));
  const [editing, setEditing] = useState<Editing>();
  const items = data?.items ?? [];
  const corpDefault = items.find((w) => w.scope === "default");
  const staff = items.filter((w) => w.scope === "staff");
  const codes = items.filter((w) => w.scope === "code");

  async function setEnabled(welcome: WelcomeMessage, enabled: boolean) {
    try {
      await api.welcome.update(corpId, welcome.id, { enabled });
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  async function remove(welcome: WelcomeMessage) {
    try {
      await api.welcome.remove(corpId, welcome.id);
      void message.success(t("welcomePage.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const actions = (w: WelcomeMessage, scope: "default" | "staff") => (
    <Space>
      <Button size="small" onClick={() => setEditing({ scope, existing: w })}>
        {t("common.edit")}
      </Button>
      <Popconfirm
        title={t("welcomePage.deleteConfirm")}
        okText={t("common.delete")}
        cancelText={t("common.cancel")}
        okButtonProps={{ danger: true }}
        onConfirm={() => remove(w)}
      >
        <Button size="small" danger>
          {t("common.delete")}
        </Button>
      </Popconfirm>
    </Space>
  );

  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Alert type="info" showIcon title={t("welcomePage.precedence")} style={{ marginBottom: 16 }} />
      <Card
        title={t("welcomePage.default")}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
        extra={
          corpDefault ? (
            <Space>
              <Switch
                checked={corpDefault.enabled}
                aria-label={t("liveCodes.enabled")}
                onChange={(v) => void setEnabled(corpDefault, v)}
              />
              {actions(corpDefault, "default")}
            </Space>
          ) : undefined
        }
      >
        {corpDefault ? (
          <div data-testid="welcome-default">
            <Preview welcome={corpDefault} />
          </div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("welcomePage.noDefault")}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ scope: "default", existing: undefined })}
            >
              {t("welcomePage.createDefault")}
            </Button>
          </Empty>
        )}
      </Card>
      <Card
        title={t("welcomePage.staff")}
        style={{ marginBottom: 16 }}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ scope: "staff", existing: undefined })}>
            {t("welcomePage.createStaff")}
          </Button>
        }
      >
        <Table<WelcomeMessage>
          rowKey="id"
          loading={loading}
          dataSource={staff}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t("welcomePage.noStaff") }}
          columns={[
            { title: t("liveCodes.userid"), dataIndex: "userid", width: 180 },
            {
              title: t("welcomePage.content"),
              key: "content",
              render: (_: unknown, w) => <Preview welcome={w} />,
            },
            {
              title: t("liveCodes.enabled"),
              dataIndex: "enabled",
              width: 90,
              render: (enabled: boolean, w) => (
                <Switch
                  checked={enabled}
                  aria-label={t("liveCodes.enabled")}
                  onChange={(v) => void setEnabled(w, v)}
                />
              ),
            },
            {
              title: t("common.actions"),
              key: "actions",
              width: 160,
              render: (_: unknown, w) => actions(w, "staff"),
            },
          ]}
        />
      </Card>
      <Card title={t("welcomePage.codes")}>
        <Table<WelcomeMessage>
          rowKey="id"
          loading={loading}
          dataSource={codes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t("welcomePage.noCodes") }}
          columns={[
            {
              title: t("welcomePage.liveCode"),
              dataIndex: "liveCodeId",
              width: 180,
              render: (id: string) => (
                <Link to={liveCodePath(id)}>{codeName.get(id) ?? t("welcomePage.codeN", { id })}</Link>
              ),
            },
            {
              title: t("welcomePage.content"),
              key: "content",
              render: (_: unknown, w) => <Preview welcome={w} />,
            },
            {
              title: t("liveCodes.enabled"),
              dataIndex: "enabled",
              width: 90,
              render: (enabled: boolean) => (enabled ? t("liveCodes.on") : t("liveCodes.off")),
            },
          ]}
        />
      </Card>
      {editing && (
        <WelcomeEditor
          corpId={corpId}
          scope={editing.scope}
          existing={editing.existing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
