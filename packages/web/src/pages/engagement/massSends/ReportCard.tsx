// A send's report: recipients and what became of them, filling in as results are pulled from WeCom.
import { Card, Col, Flex, Progress, Row, Statistic, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MassSendReport } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { REPORT_KEYS, type ReportKey, sentPercent } from "./report.ts";

const COLOR: Partial<Record<ReportKey, string>> = {
  sent: "#389e0d",
  notFriend: "#d4380d",
  quotaHit: "#c41d7f",
  unconfirmed: "#d48806",
  failed: "#cf1322",
};

export function ReportCard({ report, extra }: { report: MassSendReport; extra?: ReactNode }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <Card
      title={t("massSends.report")}
      extra={extra}
      style={{ marginBottom: 16 }}
      data-testid="mass-send-report"
    >
      <Row gutter={[16, 16]}>
        {REPORT_KEYS.map((key) => (
          <Col key={key} xs={12} md={6}>
            <Statistic
              title={t(`massSends.reportKeys.${key}`)}
              value={report[key].toLocaleString(language)}
              styles={report[key] && COLOR[key] ? { content: { color: COLOR[key] } } : {}}
              data-testid={`report-${key}`}
            />
          </Col>
        ))}
      </Row>
      <Flex align="center" gap={12} style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t("massSends.reached")}</Typography.Text>
        <Progress percent={sentPercent(report)} style={{ flex: 1, margin: 0 }} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {report.updatedAt
          ? t("massSends.updatedAt", { time: formatDateTime(report.updatedAt, language) })
          : t("massSends.notUpdated")}
      </Typography.Text>
    </Card>
  );
}
