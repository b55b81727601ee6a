// The pre-flight beside the compose form: how many of the draft's recipients get it now, how many the send
// gate defers or drops and why, per sender, and how many WeCom tasks it makes. Nothing is stored or sent.
import { Alert, Card, Col, Empty, Flex, Row, Spin, Statistic, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { fieldErrors, type Preflight } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { translateIssue } from "../../../lib/formErrors.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { ActionTag } from "../../risk/gateText.tsx";
import { useMassText } from "./useMassText.ts";
import type { PreflightState } from "./usePreflight.ts";

export function PreflightPanel({ state }: { state: PreflightState }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { result, error, loading, idle } = state;
  const issues = fieldErrors(error);

  return (
    <Card
      title={t("massSends.preflight")}
      extra={loading && <Spin size="small" />}
      data-testid="preflight"
      data-state={idle ? "idle" : loading ? "loading" : error !== undefined ? "error" : "ready"}
    >
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={`${t("massSends.preflightFailed")}: ${errorText(error)}`}
          description={
            issues.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {issues.map((f) => (
                  <li key={`${f.field}:${f.message}`}>{translateIssue(f.message, t)}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="preflight-error"
        />
      )}
      {idle && !result ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("massSends.preflightIdle")} />
      ) : result ? (
        <PreflightResult result={result} />
      ) : (
        loading && <Typography.Text type="secondary">{t("massSends.preflightChecking")}</Typography.Text>
      )}
    </Card>
  );
}

function PreflightResult({ result }: { result: Preflight }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const gate = useMassText();
  const n = (v: number) => v.toLocaleString(language);
  return (
    <Flex vertical gap={16}>
      <Row gutter={8}>
        <Col span={6}>
          <Statistic title={t("massSends.total")} value={n(result.total)} data-testid="preflight-total" />
        </Col>
        <Col span={6}>
          <Statistic
            title={t("massSends.goNow")}
            value={n(result.now)}
            styles={{ content: { color: "#389e0d" } }}
            data-testid="preflight-now"
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t("massSends.deferred")}
            value={n(result.deferred)}
            styles={result.deferred ? { content: { color: "#d46b08" } } : {}}
            data-testid="preflight-deferred"
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t("massSends.dropped")}
            value={n(result.dropped)}
            styles={result.dropped ? { content: { color: "#cf1322" } } : {}}
            data-testid="preflight-dropped"
          />
        </Col>
      </Row>
      <Typography.Text type="secondary">
        {t("massSends.tasks", { count: result.tasks })} · {t("massSends.took", { ms: result.ms })}
      </Typography.Text>
      {result.warnings.map((w) => (
        <Alert
          key={w.code}
          type="warning"
          showIcon
          title={t(`massSends.warnings.${w.code}`, { defaultValue: w.message })}
        />
      ))}
      <div>
        <Typography.Text strong>{t("massSends.byReason")}</Typography.Text>
        {result.byReason.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            {t("massSends.noReasons")}
          </Typography.Paragraph>
        ) : (
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => `${r.action}:${r.rule}:${r.reason}`}
            dataSource={result.byReason}
            data-testid="preflight-reasons"
            columns={[
              { key: "action", render: (_: unknown, r) => <ActionTag action={r.action} />, width: 72 },
              {
                key: "reason",
                render: (_: unknown, r) => (
                  <Flex vertical>
                    <span>{gate.reason(r.reason)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {gate.rule(r.rule)}
                    </Typography.Text>
                  </Flex>
                ),
              },
              { key: "count", align: "right", render: (_: unknown, r) => n(r.count) },
            ]}
            showHeader={false}
          />
        )}
      </div>
      <div>
        <Typography.Text strong>{t("massSends.bySender")}</Typography.Text>
        <Table
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true, size: "small" }}
          rowKey="sender"
          dataSource={result.bySender}
          data-testid="preflight-senders"
          columns={[
            {
              title: t("massSends.sender"),
              key: "sender",
              render: (_: unknown, s) => s.name ?? s.sender,
            },
            { title: t("massSends.goNow"), dataIndex: "now", align: "right", render: n },
            { title: t("massSends.deferred"), dataIndex: "deferred", align: "right", render: n },
            { title: t("massSends.dropped"), dataIndex: "dropped", align: "right", render: n },
          ]}
        />
      </div>
    </Flex>
  );
}
