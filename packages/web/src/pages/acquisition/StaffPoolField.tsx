// The staff pool (or the backup staff) of a live code: each member (picked from the directory), weight
// for the weighted strategy, own daily cap and weekly schedule.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Flex, Form, InputNumber, Row, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { StaffInput } from "../../api/index.ts";
import { MemberPicker } from "../../pickers/MemberPicker.tsx";
import { ScheduleField } from "./ScheduleField.tsx";

export type PoolName = "staff" | "backupStaff";
const MAX: Record<PoolName, number> = { staff: 100, backupStaff: 20 };

export function StaffPoolField({
  corpId,
  name,
  showWeight,
}: {
  corpId: string;
  name: PoolName;
  showWeight: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();

  function listedTwice(userid: string): boolean {
    const all = [
      ...((form.getFieldValue("staff") as StaffInput[] | undefined) ?? []),
      ...((form.getFieldValue("backupStaff") as StaffInput[] | undefined) ?? []),
    ];
    return all.filter((s) => s?.userid?.trim() === userid).length > 1;
  }

  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_rule, value: unknown[] | undefined) => {
            if (name === "staff" && (value?.length ?? 0) === 0)
              throw new Error(t("validation.staffRequired"));
            if ((value?.length ?? 0) > MAX[name])
              throw new Error(t("validation.tooMany", { max: MAX[name] }));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={8} data-testid={`${name}-pool`}>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              data-testid={`${name}-${index}`}
              extra={
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("liveCodes.removeStaff")}
                  onClick={() => remove(field.name)}
                />
              }
              title={t(name === "staff" ? "liveCodes.staffN" : "liveCodes.backupN", { n: index + 1 })}
            >
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item
                    name={[field.name, "userid"]}
                    label={t("liveCodes.userid")}
                    rules={[
                      { required: true, whitespace: true, message: t("validation.useridRequired") },
                      {
                        validator: async (_rule, value: string | undefined) => {
                          const userid = value?.trim();
                          if (userid && listedTwice(userid))
                            throw new Error(t("validation.staffTwice", { userid }));
                        },
                      },
                    ]}
                  >
                    <MemberPicker corpId={corpId} placeholder={t("liveCodes.useridPlaceholder")} />
                  </Form.Item>
                </Col>
                {showWeight && (
                  <Col xs={12} md={6}>
                    <Form.Item name={[field.name, "weight"]} label={t("liveCodes.weight")}>
                      <InputNumber min={1} max={100} precision={0} style={{ width: "100%" }} />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={12} md={8}>
                  <Form.Item name={[field.name, "dailyCap"]} label={t("liveCodes.staffDailyCap")}>
                    <InputNumber
                      min={1}
                      max={10000}
                      precision={0}
                      placeholder={t("liveCodes.codeDefault")}
                      style={{ width: "100%" }}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <ScheduleField name={[field.name, "schedule"]} fullName={[name, field.name, "schedule"]} />
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={fields.length >= MAX[name]}
            onClick={() => add({ userid: "", weight: 1, dailyCap: null, schedule: [] })}
          >
            {t(name === "staff" ? "liveCodes.addStaff" : "liveCodes.addBackup")}
          </Button>
          {errors.length > 0 && (
            <Typography.Text type="danger" role="alert">
              {errors}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
