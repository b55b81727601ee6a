// Sign-in form. Errors from the API are kept as values so they re-translate on a language switch.
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext.tsx";
import { LanguageSwitch } from "../layout/HeaderBar.tsx";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useErrorText } from "../lib/useErrorText.ts";
import { DASHBOARD_PATH } from "../nav/nav.ts";

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const errorText = useErrorText();
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle(t("login.title"));
  const from = (location.state as { from?: string } | null)?.from ?? DASHBOARD_PATH;

  if (state.status === "signedIn") return <Navigate to={from} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(values.username, values.password);
      navigate(from, { replace: true });
    } catch (reason) {
      setError(reason);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="siyu-login">
      <div className="siyu-login-language">
        <LanguageSwitch />
      </div>
      <Card className="siyu-login-card">
        <Typography.Title level={3}>{t("app.name")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("app.tagline")}</Typography.Paragraph>
        <Typography.Title level={5}>{t("login.title")}</Typography.Title>
        {error !== undefined && (
          <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginBottom: 16 }} />
        )}
        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting}>
          <Form.Item
            name="username"
            label={t("login.username")}
            rules={[{ required: true, whitespace: true, message: t("login.usernameRequired") }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.passwordRequired") }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t("login.submit")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="siyu-login-hint">
          {t("login.hint")}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
