// The left menu, built from the NAV definition: the dashboard as one item, every other group a submenu.
import { Menu, type MenuProps } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { GROUP_ICONS } from "../nav/icons.tsx";
import { findNavPage, NAV } from "../nav/nav.ts";

type MenuItem = Required<MenuProps>["items"][number];

export function SideMenu({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = findNavPage(location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(current ? [current.group.key] : []);

  // Opening a page from elsewhere (a dashboard link) unfolds its group.
  useEffect(() => {
    const groupKey = current?.group.key;
    if (groupKey) setOpenKeys((keys) => (keys.includes(groupKey) ? keys : [...keys, groupKey]));
  }, [current?.group.key]);

  const items: MenuItem[] = NAV.map((group) => {
    const [only] = group.pages;
    if (group.pages.length === 1 && only) {
      return { key: only.path, icon: GROUP_ICONS[group.key], label: t(`nav.groups.${group.key}`) };
    }
    return {
      key: group.key,
      icon: GROUP_ICONS[group.key],
      label: t(`nav.groups.${group.key}`),
      children: group.pages.map((page) => ({
        key: page.path,
        label: t(`nav.pages.${group.key}.${page.key}.title`),
      })),
    };
  });

  return (
    <Menu
      mode="inline"
      theme="dark"
      style={{ background: "transparent", borderInlineEnd: 0 }}
      items={items}
      selectedKeys={current ? [current.page.path] : []}
      {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
      onClick={({ key }) => navigate(key)}
    />
  );
}
