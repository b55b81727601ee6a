// Shapes of the stages (客户阶段) API as the console consumes them (mirrors
// packages/server/src/domains/stages/stages.schemas.ts).

export interface Stage {
  id: string;
  /** new, engaged, first_order, repeat, churn_risk, churned for the defaults; generated for custom stages. */
  key: string;
  name: string;
  position: number;
  builtin: boolean;
  count: number;
}

export interface ChurnSettings {
  churnRiskDays: number;
  churnedDays: number;
}

export interface Pipeline {
  stages: Stage[];
  settings: ChurnSettings;
}

export interface StageCard {
  id: string;
  externalUserId: string;
  name: string;
  avatar: string | null;
  owners: { userid: string; name: string | null }[];
  enteredAt: string;
  reason: string;
  source: "rule" | "manual";
  rule: string | null;
}

export interface StageColumn {
  stage: Stage;
  items: StageCard[];
  nextCursor: string | null;
}

export interface StageBoard {
  columns: StageColumn[];
  settings: ChurnSettings;
}

export interface CustomerStage {
  customerId: string;
  stage: Omit<Stage, "count">;
  enteredAt: string;
  reason: string;
  source: "rule" | "manual";
  rule: string | null;
  paidOrders: number;
  lastPaidAt: string | null;
}
