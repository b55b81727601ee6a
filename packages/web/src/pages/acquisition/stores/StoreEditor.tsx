// Create or edit a store (门店): where it is (city, district, address, coordinates), when it is open (weekday ×
// time ranges, no overlaps) and whether it is open at all, its staff (the store's contact QR) and its customer
// groups (the store's group QR). Server validation lands on the fields; nothing typed is lost on an error.
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type FieldError, type ScheduleRange, type Store, type StoreInput } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { useServerErrors } from "../../../lib/useServerErrors.ts";
import { GroupPicker } from "../../../pickers/GroupPicker.tsx";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { ScheduleField } from "../ScheduleField.tsx";
import { storeTabPath } from "./paths.ts";

interface Values {
  name: string;
  city: string;
  district?: string;
  address?: string;
  phone?: string;
  lat?: number | null;
  lng?: number | null;
  status: "open" | "closed";
  staff: string[];
  groups: string[];
  openHours: ScheduleRange[];
}

const NEW_STORE: Values = { name: "", city: "", status: "open", staff: [], groups: [], openHours: [] };

function valuesOf(s: Store): Values {
  return {
    name: s.name,
    city: s.city,
    district: s.district ?? undefined,
    address: s.address ?? undefined,
    phone: s.phone ?? undefined,
    lat: s.lat,
    lng: s.lng,
    status: s.status,
    staff: s.staff.map((m) => m.userid),
    groups: s.groups.map((g) => g.chatId),
    openHours: s.openHours,
  };
}

function toInput(v: Values): StoreInput {
  const text = (s: string | undefined) => s?.trim() || null;
  return {
    name: v.name.trim(),
    city: v.city.trim(),
    district: text(v.district),
    address: text(v.address),
    phone: text(v.phone),
    lat: v.lat ?? null,
    lng: v.lng ?? null,
    status: v.status,
    staff: v.staff ?? [],
    groups: v.groups ?? [],
    openHours: v.openHours ?? [],
  };
}

export function StoreEditor({ corpId }: { corpId: string }) {
  const { id } = useParams();
  const existing = useApiData(() => (id ? api.stores.get(corpId, id) : Promise.resolve(undefined)));
  if (existing.error !== undefined) return <LoadError error={existing.error} onRetry={existing.reload} />;
  if (id && !existing.data) return <Card loading />;
  return <StoreForm corpId={corpId} store={existing.data} />;
}

function StoreForm({ corpId, store }: { corpId: string; store: Store | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyServerErrors = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    setSaving(true);
    setError(undefined);
    setLeftOver([]);
    try {
      const input = toInput(values);
      if (store) await api.stores.update(corpId, store.id, input);
      else await api.stores.create(corpId, input);
      void message.success(store ? t("stores.saved") : t("stores.created"));
      navigate(storeTabPath("stores"));
    } catch (reason) {
      setError(reason);
      setLeftOver(applyServerErrors(reason));
    } finally {
      setSaving(false);
    }
  }

  const coordinate = (max: number) => [
    {
      type: "number" as const,
      min: -max,
      max,
      message: t(max === 90 ? "stores.latRange" : "stores.lngRange"),
    },
  ];

  return (
    <>
      <PageTitle
        title={store ? t("stores.editTitle", { name: store.name }) : t("stores.createTitle")}
        description={t("stores.formDescription")}
      />
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={
            leftOver.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {leftOver.map((f) => (
                  <li key={`${f.field}:${f.message}`}>
                    {f.field}: {f.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={store ? valuesOf(store) : NEW_STORE}
        onFinish={submit}
        scrollToFirstError
        autoComplete="off"
      >
        <Card title={t("stores.place")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("stores.name")}
                rules={[
                  { required: true, whitespace: true, message: t("validation.nameRequired") },
                  { max: 60, message: t("validation.tooLong", { max: 60 }) },
                ]}
              >
                <Input placeholder={t("stores.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t("stores.status")} extra={t("stores.statusHelp")}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: "open", label: t("stores.statuses.open") },
                    { value: "closed", label: t("stores.statuses.closed") },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="city"
                label={t("stores.city")}
                rules={[
                  { required: true, whitespace: true, message: t("stores.cityRequired") },
                  { max: 30, message: t("validation.tooLong", { max: 30 }) },
                ]}
              >
                <Input placeholder={t("stores.cityPlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="district" label={t("stores.district")}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="address" label={t("stores.address")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="lat"
                label={t("stores.lat")}
                rules={coordinate(90)}
                extra={t("stores.coordsHelp")}
              >
                <InputNumber step={0.0001} style={{ width: "100%" }} placeholder="31.2304" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lng" label={t("stores.lng")} rules={coordinate(180)}>
                <InputNumber step={0.0001} style={{ width: "100%" }} placeholder="121.4737" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="phone" label={t("stores.phone")}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t("stores.openHours")} style={{ marginBottom: 16 }}>
          <ScheduleField
            name={["openHours"]}
            fullName={["openHours"]}
            emptyText={t("stores.alwaysOpen")}
            rangesText={t("stores.openRanges")}
          />
        </Card>

        <Card title={t("stores.people")} style={{ marginBottom: 16 }}>
          <Form.Item
            name="staff"
            label={t("stores.staff")}
            extra={t("stores.staffHelp")}
            rules={[{ required: true, type: "array", min: 1, message: t("stores.staffRequired") }]}
          >
            <MemberPicker
              multiple
              corpId={corpId}
              placeholder={t("stores.staffPlaceholder")}
              aria-label={t("stores.staff")}
            />
          </Form.Item>
          <Form.Item
            name="groups"
            label={t("stores.groups")}
            extra={t("stores.groupsHelp")}
            rules={[{ type: "array", max: 5, message: t("stores.groupsTooMany") }]}
          >
            <GroupPicker
              corpId={corpId}
              max={5}
              placeholder={t("stores.groupsPlaceholder")}
              aria-label={t("stores.groups")}
            />
          </Form.Item>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {store ? t("common.save") : t("stores.create")}
          </Button>
          <Button onClick={() => navigate(storeTabPath("stores"))}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
