import { Alert, App, Button, Card, Flex, Form, Input, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import type { UserView as User } from '@goodloop/contracts';
import { applyFieldErrors, errorText } from '../lib/errors';
import { demoInfoQueryKey, fetchDemoInfo } from './auth.api';
import { useAuth } from './auth-context';

/** The demo accounts the hint offers first; the rest are named by "…" (they share the password). */
const DEMO_SHOWN = ['resident', 'organizer'];

interface LoginValues {
  email: string;
  password: string;
}

interface RegisterValues extends LoginValues {
  displayName: string;
}

function useReturnPath(): string {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : '/activities';
}

function LoginForm({ onDone }: { onDone: (user: User) => void }) {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setFormError(null);
    try {
      onDone(await login(values.email.trim(), values.password));
    } catch (error) {
      const rest = applyFieldErrors(form, error, ['email', 'password']);
      // A wrong password is a 401 here, not an expired session: show the server's words.
      setFormError(rest.length > 0 ? rest.join('; ') : loginErrorText(error));
    } finally {
      setSubmitting(false);
    }
  };

  const loginErrorText = (error: unknown) =>
    isApiError(error) && error.statusCode === 401 ? error.message : errorText(t, error);

  return (
    <Flex vertical gap={16}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        data-testid="login-form"
      >
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[
            { required: true, message: t('auth.emailRequired') },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input type="email" autoComplete="username" inputMode="email" data-testid="login-email" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
          {t('auth.loginSubmit')}
        </Button>
      </Form>
      <DemoHint onUse={(email, password) => form.setFieldsValue({ email, password })} />
    </Flex>
  );
}

/**
 * The demo accounts, only when the platform says its demo data is loaded (`GET /public/demo`):
 * a real deployment never shows sign-in details, and a demo never offers accounts it lacks.
 */
function DemoHint({ onUse }: { onUse: (email: string, password: string) => void }) {
  const { t } = useTranslation();
  const { data } = useQuery({ queryKey: demoInfoQueryKey, queryFn: fetchDemoInfo, staleTime: Infinity, retry: false });
  if (!data?.demo || !data.password || !data.accounts) return null;
  const password = data.password;
  const shown = data.accounts.filter((a) => DEMO_SHOWN.includes(a.key));
  return (
    <Alert
      type="info"
      title={t('auth.demoTitle')}
      data-testid="demo-hint"
      description={
        <Flex vertical gap={4}>
          {shown.map(({ email }) => (
            <Flex key={email} justify="space-between" align="center" gap={8} wrap>
              <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
                {email}
              </Typography.Text>
              <Button size="small" type="link" onClick={() => onUse(email, password)}>
                {t('auth.useAccount')}
              </Button>
            </Flex>
          ))}
          {data.accounts.length > shown.length && <Typography.Text type="secondary">… {t('auth.demoMore')}</Typography.Text>}
          <Typography.Text>
            {t('auth.demoBody')}
            <Typography.Text code copyable>
              {password}
            </Typography.Text>
          </Typography.Text>
        </Flex>
      }
    />
  );
}

function RegisterForm({ onDone }: { onDone: (user: User) => void }) {
  const { t } = useTranslation();
  const { register } = useAuth();
  const [form] = Form.useForm<RegisterValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: RegisterValues) => {
    setSubmitting(true);
    setFormError(null);
    try {
      onDone(await register(values.email.trim(), values.password, values.displayName.trim()));
    } catch (error) {
      const rest = applyFieldErrors(form, error, ['email', 'password', 'displayName']);
      setFormError(rest.length > 0 ? rest.join('; ') : errorText(t, error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      data-testid="register-form"
    >
      <Form.Item
        name="email"
        label={t('auth.email')}
        rules={[
          { required: true, message: t('auth.emailRequired') },
          { type: 'email', message: t('auth.emailInvalid') },
        ]}
      >
        <Input type="email" autoComplete="email" inputMode="email" data-testid="register-email" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          { min: 8, max: 128, message: t('auth.passwordLength') },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="register-password" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('auth.displayName')}
        rules={[
          { required: true, whitespace: true, message: t('auth.displayNameRequired') },
          { max: 64, message: t('auth.displayNameLength') },
        ]}
      >
        <Input autoComplete="nickname" data-testid="register-display-name" />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="register-submit">
        {t('auth.registerSubmit')}
      </Button>
    </Form>
  );
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const returnPath = useReturnPath();

  if (signedIn) return <Navigate to={returnPath} replace />;

  const done = (user: User) => {
    void message.success(t('auth.welcome', { name: user.displayName }));
    void navigate(returnPath, { replace: true });
  };

  return (
    <Flex justify="center">
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          {t('app.name')}
        </Typography.Title>
        <Tabs
          centered
          items={[
            { key: 'login', label: t('auth.loginTab'), children: <LoginForm onDone={done} /> },
            { key: 'register', label: t('auth.registerTab'), children: <RegisterForm onDone={done} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
