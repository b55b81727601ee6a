// The customer 360's order card: totals of the bound orders and the most recent ones.
import { Card, Col, Empty, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import type { CustomerOrders } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { yuan } from "./money.ts";
import { OrderTable } from "./OrdersPage.tsx";

export function CustomerOrdersCard({ orders }: { orders: CustomerOrders }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { totals } = orders;
  return (
    <Card title={t("orders.card")} style={{ marginBottom: 16 }} data-testid="customer-orders">
      {totals.count === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.noOrders")} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}>
              <Statistic title={t("orders.totalPaid")} value={yuan(totals.paidCents)} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t("orders.paidCount")}
                value={totals.paidCount}
                suffix={`/ ${totals.count}`}
              />
            </Col>
            <Col span={8}>
              <Statistic
                title={t("orders.lastOrder")}
                value={formatDateTime(totals.lastOrderedAt, language)}
                valueStyle={{ fontSize: 16 }}
              />
            </Col>
          </Row>
          <OrderTable orders={orders.recent} showCustomer={false} />
        </>
      )}
    </Card>
  );
}
