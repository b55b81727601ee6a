// The top bar: corp switcher (a placeholder until corp scoping lands), language switch, user and logout.
import { GlobalOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Dropdown, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthContext.tsx";
import { useCorps } from "../corps/CorpsContext.tsx";
import { LANGUAGES } from "../i18n/index.ts";
import { useLanguage } from "../i18n/useLanguage.ts";

export function LanguageSwitch() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: LANGUAGES.map((lang) => ({ key: lang, label: t(`language.${lang}`) })),
        selectable: true,
        selectedKeys: [language],
        onClick: ({ key }) => setLanguage(key as (typeof LANGUAGES)[number]),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t("language.label")}>
        {t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
}

function CorpSwitcher() {
  const { t } = useTranslation();
  const { corps, current, select } = useCorps();
  const items = corps.data?.items ?? [];
  return (
    <Select
      style={{ minWidth: 180 }}
      aria-label={t("layout.corpSwitcher")}
      placeholder={t("layout.noCorp")}
      loading={corps.loading}
      disabled={items.length === 0}
      value={current?.corpId}
      onChange={select}
      options={items.map((corp) => ({ value: corp.corpId, label: corp.name || corp.corpId }))}
    />
  );
}

export function HeaderBar() {
  const { t } = useTranslation();
  const { state, logout } = useAuth();
  const username = state.status === "signedIn" ? state.user.username : "";
  return (
    <Space size="middle">
      <CorpSwitcher />
      <LanguageSwitch />
      <Space size={4}>
        <UserOutlined />
        <Typography.Text data-testid="current-user">{username}</Typography.Text>
      </Space>
      <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
        {t("layout.logout")}
      </Button>
    </Space>
  );
}
