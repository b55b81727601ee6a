// The signed-in frame: brand and menu on the left, header bar on top, the page in the middle.
import { MenuFoldOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Button, Layout, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation } from "react-router";
import { CorpsProvider } from "../corps/CorpsContext.tsx";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { findNavPage } from "../nav/nav.ts";
import { HeaderBar } from "./HeaderBar.tsx";
import { SideMenu } from "./SideMenu.tsx";

export function AppLayout() {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  const location = useLocation();
  const here = findNavPage(location.pathname);
  useDocumentTitle(here ? t(`nav.pages.${here.group.key}.${here.page.key}.title`) : undefined);
  return (
    <CorpsProvider>
      <Layout className="siyu-app">
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={220} className="siyu-sider">
          <div className="siyu-brand">{collapsed ? "私" : t("app.name")}</div>
          <SideMenu collapsed={collapsed} />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="siyu-header" style={{ background: token.colorBgContainer }}>
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t("layout.expand") : t("layout.collapse")}
              onClick={() => setCollapsed((c) => !c)}
            />
            <HeaderBar />
          </Layout.Header>
          <Layout.Content className="siyu-content">
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </CorpsProvider>
  );
}
