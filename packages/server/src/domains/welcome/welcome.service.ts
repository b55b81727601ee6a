// Welcome messages (欢迎语): CRUD per scope, and the one per live code that the live-codes domain edits inline.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { checkMaterialRefs } from "../materials/materials.service.ts";
import { materialRefs } from "./welcome.render.ts";
import * as repo from "./welcome.repository.ts";
import {
  type WelcomeContent,
  type WelcomeInput,
  type WelcomePatch,
  type WelcomeView,
  welcomeInput,
} from "./welcome.schemas.ts";

type Row = NonNullable<Awaited<ReturnType<typeof repo.get>>>;

export function toView(r: Row): WelcomeView {
  return {
    id: r.id,
    scope: r.scope,
    liveCodeId: r.live_code_id,
    userid: r.userid,
    text: r.text,
    attachments: r.attachments,
    enabled: r.enabled,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listWelcomes(
  ctx: Ctx,
  corpId: string,
  filter: { scope?: string; liveCodeId?: string; userid?: string } = {},
): Promise<WelcomeView[]> {
  return (await repo.list(ctx.db, corpId, filter)).map(toView);
}

export async function getWelcome(ctx: Ctx, corpId: string, id: string): Promise<WelcomeView> {
  const row = await repo.get(ctx.db, corpId, id);
  if (!row) throw new AppError("WELCOME_NOT_FOUND", `no welcome message ${id}`);
  return toView(row);
}

export async function createWelcome(ctx: Ctx, corpId: string, input: WelcomeInput): Promise<WelcomeView> {
  const w = welcomeInput.parse(input);
  if (w.scope === "code") {
    const code = await ctx.db
      .selectFrom("live_codes")
      .select("id")
      .where("corp_id", "=", corpId)
      .where("id", "=", w.liveCodeId!)
      .executeTakeFirst();
    if (!code) {
      throw new AppError("VALIDATION_FAILED", "the request is invalid", [
        { path: "/liveCodeId", message: `no live code ${w.liveCodeId}` },
      ]);
    }
  }
  await checkMaterialRefs(ctx, corpId, materialRefs(w.attachments));
  const row = await repo.insert(ctx.db, {
    corp_id: corpId,
    scope: w.scope,
    live_code_id: w.scope === "code" ? w.liveCodeId! : null,
    userid: w.scope === "staff" ? w.userid! : null,
    text: w.text,
    attachments: w.attachments,
    enabled: w.enabled,
    now: new Date(ctx.clock.now()),
  });
  if (!row) {
    throw new AppError(
      "WELCOME_EXISTS",
      w.scope === "default"
        ? "the corp already has a default welcome message; edit it instead"
        : `a ${w.scope} welcome message for this ${w.scope === "code" ? "live code" : "member"} exists; edit it instead`,
    );
  }
  return toView(row);
}

export async function updateWelcome(
  ctx: Ctx,
  corpId: string,
  id: string,
  patch: WelcomePatch,
): Promise<WelcomeView> {
  const current = await getWelcome(ctx, corpId, id);
  const text = patch.text ?? current.text;
  const attachments = patch.attachments ?? current.attachments;
  if (text.trim() === "" && attachments.length === 0) {
    throw new AppError("VALIDATION_FAILED", "the request is invalid", [
      { path: "/text", message: "a welcome message needs text or an attachment" },
    ]);
  }
  if (patch.attachments) await checkMaterialRefs(ctx, corpId, materialRefs(patch.attachments));
  const row = await repo.update(ctx.db, corpId, id, { ...patch, now: new Date(ctx.clock.now()) });
  if (!row) throw new AppError("WELCOME_NOT_FOUND", `no welcome message ${id}`);
  return toView(row);
}

export async function deleteWelcome(ctx: Ctx, corpId: string, id: string): Promise<void> {
  const row = await repo.remove(ctx.db, corpId, id);
  if (!row) throw new AppError("WELCOME_NOT_FOUND", `no welcome message ${id}`);
}

/** A live code's own welcome message, or null. */
export async function codeWelcome(ctx: Ctx, corpId: string, liveCodeId: string): Promise<WelcomeView | null> {
  const row = await repo.forCode(ctx.db, corpId, liveCodeId);
  return row ? toView(row) : null;
}

/** Sets (or with null removes) a live code's welcome message. */
export async function setCodeWelcome(
  ctx: Ctx,
  corpId: string,
  liveCodeId: string,
  content: WelcomeContent | null,
): Promise<WelcomeView | null> {
  const existing = await repo.forCode(ctx.db, corpId, liveCodeId);
  if (content === null) {
    if (existing) await repo.remove(ctx.db, corpId, existing.id);
    return null;
  }
  const now = new Date(ctx.clock.now());
  const row = existing
    ? await repo.update(ctx.db, corpId, existing.id, { ...content, now })
    : await repo.insert(ctx.db, {
        corp_id: corpId,
        scope: "code",
        live_code_id: liveCodeId,
        userid: null,
        text: content.text,
        attachments: content.attachments,
        enabled: true,
        now,
      });
  return row ? toView(row) : null;
}

export const resolveWelcome = (ctx: Ctx, corpId: string, liveCodeId: string | null, userid: string) =>
  repo.resolve(ctx.db, corpId, liveCodeId, userid);
