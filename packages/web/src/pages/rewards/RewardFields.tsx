// The reward of a tier, milestone or prize: a voucher from a coupon pool (the pool's free codes shown) or a
// manual reward handed over by staff. Inside a Form.List, `name` is the item's relative path to the reward
// ([index, "reward"]) and `path` its absolute one (["tiers", index, "reward"]) for watching the kind.
import { Col, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { CouponPool } from "../../api/index.ts";

type Path = (string | number)[];

export function RewardFields({ name, path, pools }: { name: Path; path: Path; pools: CouponPool[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch([...path, "kind"], form) as string | undefined;
  return (
    <>
      <Col xs={24} md={5}>
        <Form.Item name={[...name, "kind"]} label={t("rewards.rewardKind")}>
          <Select
            aria-label={t("rewards.rewardKind")}
            options={(["voucher", "manual"] as const).map((k) => ({
              value: k,
              label: t(`rewards.kinds.${k}`),
            }))}
          />
        </Form.Item>
      </Col>
      {kind === "voucher" && (
        <Col xs={24} md={7}>
          <Form.Item name={[...name, "poolId"]} label={t("rewards.pool")}>
            <Select
              aria-label={t("rewards.pool")}
              options={pools.map((p) => ({
                value: p.id,
                label: t("rewards.poolOption", { name: p.name, left: p.left }),
              }))}
            />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={6}>
        <Form.Item
          name={[...name, "name"]}
          label={t("rewards.rewardName")}
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input maxLength={60} placeholder={t("rewards.rewardNamePlaceholder")} />
        </Form.Item>
      </Col>
    </>
  );
}

/** The reward as the API takes it (a manual reward carries no pool). */
export function toReward(r: { kind?: string; poolId?: string; name?: string } | undefined) {
  const name = r?.name?.trim() ?? "";
  return r?.kind === "voucher"
    ? { kind: "voucher" as const, poolId: r.poolId ?? "", name }
    : { kind: "manual" as const, name };
}
