// One icon per navigation group.
import {
  AimOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FileTextOutlined,
  NotificationOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export const GROUP_ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  acquisition: <AimOutlined />,
  customers: <UserOutlined />,
  groups: <TeamOutlined />,
  engagement: <NotificationOutlined />,
  content: <FileTextOutlined />,
  risk: <SafetyOutlined />,
  analytics: <BarChartOutlined />,
  settings: <SettingOutlined />,
};
