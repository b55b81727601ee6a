// 风控 → 投诉与删除 (churn watch): customers deleting or blocking staff, measured against the sends that came
// before, per campaign/automation and per member; what paused itself and why, with a resume button (a paused
// campaign resumes only by hand); members cooling down; the thresholds.
import { Alert, App, Button, Card, Form, InputNumber, Popconfirm, Radio, Switch, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import {
  api,
  type ChurnFigures,
  type ChurnWatchOverview,
  type ChurnWatchSettings,
  type PausedPlanner,
} from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { churnReasonText } from "./gateReason.ts";

export function ChurnWatchPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.risk.complaints.title")}
        description={t("nav.pages.risk.complaints.description")}
      />
      <RequireCorp>{(corpId) => <ChurnWatch key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function ChurnWatch({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.churnWatch.overview(corpId));
  const time = (v: string | null) => (v ? formatDateTime(v, language) : "");

  async function resume(p: PausedPlanner) {
    try {
      await api.churnWatch.resume(corpId, p.id);
      void message.success(t("churnWatch.resumed", { planner: p.planner }));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const current = (data?.paused ?? []).filter((p) => p.resumedAt === null);
  const past = (data?.paused ?? []).filter((p) => p.resumedAt !== null);
  const figureColumns = [
    { title: t("churnWatch.sends"), dataIndex: "sends", width: 110 },
    { title: t("churnWatch.deletions"), dataIndex: "deletions", width: 110 },
    {
      title: t("churnWatch.rate"),
      dataIndex: "percent",
      width: 110,
      render: (v: number) => `${v}%`,
    },
    { title: t("churnWatch.since"), dataIndex: "since", width: 170, render: time },
  ];

  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Alert type="info" showIcon title={t("churnWatch.intro")} style={{ marginBottom: 16 }} />
      <Card title={t("churnWatch.pausedTitle")} style={{ marginBottom: 16 }}>
        <Table<PausedPlanner>
          data-testid="paused-planners"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={current}
          pagination={false}
          locale={{ emptyText: t("churnWatch.noPaused") }}
          columns={[
            {
              title: t("churnWatch.planner"),
              dataIndex: "planner",
              width: 200,
              render: (v: string, p) => (
                <>
                  <Tag color="red">{t(`churnWatch.kinds.${p.kind}`)}</Tag>
                  {v}
                </>
              ),
            },
            {
              title: t("churnWatch.reason"),
              dataIndex: "reason",
              render: (v: string) => churnReasonText(v, t),
            },
            { title: t("churnWatch.pausedAt"), dataIndex: "pausedAt", width: 170, render: time },
            { title: t("churnWatch.held"), dataIndex: "held", width: 100 },
            {
              title: t("common.actions"),
              key: "actions",
              width: 100,
              render: (_: unknown, p) => (
                <Popconfirm
                  title={t("churnWatch.resumeConfirm", { count: p.held })}
                  okText={t("churnWatch.resume")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => resume(p)}
                >
                  <Button size="small" type="primary">
                    {t("churnWatch.resume")}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
        {past.length > 0 && (
          <Table<PausedPlanner>
            data-testid="resumed-planners"
            style={{ marginTop: 16 }}
            rowKey="id"
            size="small"
            dataSource={past}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t("churnWatch.planner"), dataIndex: "planner", width: 200 },
              {
                title: t("churnWatch.reason"),
                dataIndex: "reason",
                render: (v: string) => churnReasonText(v, t),
              },
              { title: t("churnWatch.pausedAt"), dataIndex: "pausedAt", width: 170, render: time },
              {
                title: t("churnWatch.resumedAt"),
                dataIndex: "resumedAt",
                width: 220,
                render: (v: string, p) => `${time(v)} · ${p.resumedBy ?? ""}`,
              },
            ]}
          />
        )}
      </Card>
      <Card title={t("churnWatch.coolingTitle")} style={{ marginBottom: 16 }}>
        <Table<ChurnWatchOverview["cooling"][number]>
          data-testid="cooling-members"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.cooling ?? []}
          pagination={false}
          locale={{ emptyText: t("churnWatch.noCooling") }}
          columns={[
            { title: t("churnWatch.member"), dataIndex: "userid", width: 180 },
            { title: t("churnWatch.until"), dataIndex: "until", width: 170, render: time },
            {
              title: t("churnWatch.reason"),
              dataIndex: "note",
              render: (v: string | null) => (v ? churnReasonText(v, t) : ""),
            },
          ]}
        />
      </Card>
      <Card
        title={t("churnWatch.figuresTitle", { hours: data?.settings.windowHours ?? 24 })}
        style={{ marginBottom: 16 }}
      >
        <Table<ChurnFigures & { planner: string }>
          data-testid="planner-figures"
          rowKey="planner"
          size="small"
          loading={loading}
          dataSource={data?.planners ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("churnWatch.noSends") }}
          columns={[{ title: t("churnWatch.planner"), dataIndex: "planner" }, ...figureColumns]}
        />
        <Table<ChurnFigures & { userid: string }>
          data-testid="sender-figures"
          style={{ marginTop: 16 }}
          rowKey="userid"
          size="small"
          loading={loading}
          dataSource={data?.senders ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("churnWatch.noSends") }}
          columns={[{ title: t("churnWatch.member"), dataIndex: "userid" }, ...figureColumns]}
        />
      </Card>
      <Card title={t("churnWatch.recentTitle")} style={{ marginBottom: 16 }}>
        <Table<ChurnWatchOverview["recent"][number]>
          data-testid="recent-deletions"
          rowKey={(r) => `${r.occurredAt}:${r.externalUserid}:${r.userid}`}
          size="small"
          loading={loading}
          dataSource={data?.recent ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("churnWatch.noDeletions") }}
          columns={[
            { title: t("churnWatch.when"), dataIndex: "occurredAt", width: 170, render: time },
            { title: t("churnWatch.customer"), dataIndex: "externalUserid", ellipsis: true },
            { title: t("churnWatch.member"), dataIndex: "userid", width: 160 },
            {
              title: t("churnWatch.kind"),
              dataIndex: "kind",
              width: 200,
              render: (k: string) => t(`churnWatch.deletionKinds.${k}`),
            },
          ]}
        />
      </Card>
      {data && <ChurnSettingsForm corpId={corpId} settings={data.settings} onSaved={reload} />}
    </>
  );
}

function ChurnSettingsForm({
  corpId,
  settings,
  onSaved,
}: {
  corpId: string;
  settings: ChurnWatchSettings;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ChurnWatchSettings>();

  async function save(values: ChurnWatchSettings) {
    try {
      await api.churnWatch.updateSettings(corpId, {
        enabled: values.enabled,
        windowHours: values.windowHours,
        planner: values.planner,
        sender: values.sender,
        onPause: values.onPause,
      });
      void message.success(t("churnWatch.saved"));
      onSaved();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Card title={t("churnWatch.settingsTitle")}>
      <Form<ChurnWatchSettings>
        form={form}
        layout="inline"
        initialValues={settings}
        onFinish={save}
        data-testid="churn-settings"
        style={{ rowGap: 12 }}
      >
        <Form.Item name="enabled" label={t("churnWatch.enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="windowHours" label={t("churnWatch.windowHours")}>
          <InputNumber min={1} max={720} />
        </Form.Item>
        <Form.Item name={["planner", "percent"]} label={t("churnWatch.plannerPercent")}>
          <InputNumber min={0.01} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name={["planner", "minDeletions"]} label={t("churnWatch.plannerMin")}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name={["sender", "percent"]} label={t("churnWatch.senderPercent")}>
          <InputNumber min={0.01} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name={["sender", "minDeletions"]} label={t("churnWatch.senderMin")}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name={["sender", "cooldownHours"]} label={t("churnWatch.cooldownHours")}>
          <InputNumber min={1} max={720} />
        </Form.Item>
        <Form.Item name="onPause" label={t("churnWatch.onPause")}>
          <Radio.Group
            options={[
              { value: "defer", label: t("churnWatch.onPauseDefer") },
              { value: "drop", label: t("churnWatch.onPauseDrop") },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t("common.save")}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
