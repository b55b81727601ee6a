// The page a navigation entry shows until its capability lands: what it will do, and that it is coming.
import { ClockCircleOutlined } from "@ant-design/icons";
import { Card, Empty, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { NavGroup, NavPage } from "../nav/nav.ts";
import { PageTitle } from "./PageTitle.tsx";

export function PlaceholderPage({ group, page }: { group: NavGroup; page: NavPage }) {
  const { t } = useTranslation();
  const base = `nav.pages.${group.key}.${page.key}`;
  return (
    <>
      <PageTitle title={t(`${base}.title`)} />
      <Card>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <Typography.Paragraph>{t(`${base}.description`)}</Typography.Paragraph>
              <Tag icon={<ClockCircleOutlined />} color="blue">
                {t("common.comingSoon")}
              </Tag>
            </>
          }
        />
      </Card>
    </>
  );
}
