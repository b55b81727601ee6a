// 客户 → 客户阶段: the lifecycle board (drag a card to move a customer) and the stage settings drawer.
import { ReloadOutlined, SettingOutlined } from "@ant-design/icons";
import { Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { StageBoard } from "./StageBoard.tsx";
import { StageSettings } from "./StageSettings.tsx";

export function StagesPage() {
  return <RequireCorp>{(corpId) => <Stages key={corpId} corpId={corpId} />}</RequireCorp>;
}

function Stages({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.stages.title")}
        description={t("stages.dragHint")}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => setGeneration((g) => g + 1)}>
              {t("stages.refresh")}
            </Button>
            <Button type="primary" icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
              {t("stages.settings")}
            </Button>
          </Space>
        }
      />
      <StageBoard key={generation} corpId={corpId} />
      <StageSettings
        corpId={corpId}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onChanged={() => setGeneration((g) => g + 1)}
      />
    </>
  );
}
