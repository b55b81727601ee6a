// 客户 → 客户详情: without an id, a search that leads to the list; with one, the customer's 360° view.
import { Card, Empty, Input } from "antd";
import { useTranslation } from "react-i18next";
import { Route, Routes, useNavigate } from "react-router";
import { NotFoundPage } from "../NotFoundPage.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { CustomerDetail } from "./CustomerDetail.tsx";
import { CUSTOMERS_PATH } from "./paths.ts";

export function CustomerProfilePage() {
  return (
    <Routes>
      <Route index element={<FindCustomer />} />
      <Route path=":id" element={<CustomerDetail />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function FindCustomer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.profile.title")}
        description={t("nav.pages.customers.profile.description")}
      />
      <Card>
        <Empty description={t("customers.profileHint")}>
          <Input.Search
            allowClear
            enterButton
            placeholder={t("customers.searchPlaceholder")}
            style={{ maxWidth: 420 }}
            onSearch={(q) => navigate(`${CUSTOMERS_PATH}?q=${encodeURIComponent(q.trim())}`)}
          />
        </Empty>
      </Card>
    </>
  );
}
