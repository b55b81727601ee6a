// The "sms" outbox channel: a text message to a phone number through the configured adapter (sms.adapters.ts).
// Marketing by default, so the send gate applies opt-outs, quotas, caps, sensitive words and quiet hours. The
// recipient is a phone number: E.164 (+8613812345678) or a mainland mobile (13812345678). The corp's own SMS
// settings (sms.settings.ts) win over the SIYU_SMS_* environment.
import type { Channel, ChannelRegistry, FailureVerdict } from "./channels.ts";
import { SmsSendError, smsAdapter } from "./sms.adapters.ts";
import { resolveSmsConfig } from "./sms.settings.ts";
import { smsContent } from "./sms.template.ts";

export const SMS_CHANNEL = "sms";

export interface SmsPayload {
  text: string;
  /** The signature (签名); the configured default when absent. */
  sign?: string;
}

const MAINLAND = /^1[3-9]\d{9}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** A phone number the channel accepts, normalised (mainland numbers keep their 11 digits), or undefined. */
export function normalisePhone(input: string): string | undefined {
  const p = input.replace(/[\s-]/g, "");
  if (MAINLAND.test(p)) return p;
  if (E164.test(p)) return p.startsWith("+86") && !MAINLAND.test(p.slice(3)) ? undefined : p;
  return undefined;
}

export const smsChannel: Channel = {
  purpose: "marketing",
  content(row) {
    const p = row.payload as Partial<SmsPayload>;
    // The gate reads the text with its signature (a sensitive word may hide in either).
    return { text: smsContent(String(p.text ?? ""), p.sign?.trim() || null) };
  },
  async send(ctx, row) {
    const phone = normalisePhone(row.recipient);
    if (!phone)
      throw new SmsSendError(
        false,
        `"${row.recipient}" is not a phone number (E.164 like +8613812345678, or 11 digits starting with 1)`,
      );
    const text = String((row.payload as Partial<SmsPayload>).text ?? "");
    const config = await resolveSmsConfig(ctx, row.corp_id);
    const own = (row.payload as Partial<SmsPayload>).sign?.trim();
    const sign = own || config.sign;
    return smsAdapter(config).send(ctx, {
      corpId: row.corp_id,
      outboxId: row.id,
      phone,
      text,
      sign,
      content: smsContent(text, sign),
    });
  },
  classify(err): FailureVerdict {
    if (err instanceof SmsSendError) return { retry: err.retry, reason: err.message };
    return {
      retry: false,
      reason: `may or may not have been sent: ${err instanceof Error ? err.message : String(err)}`,
    };
  },
};

export function registerSmsChannel(registry: ChannelRegistry): void {
  registry.register(SMS_CHANNEL, smsChannel);
}
