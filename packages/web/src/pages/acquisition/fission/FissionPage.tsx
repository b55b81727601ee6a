// 引流获客 → 裂变任务 (任务宝): the campaigns with their funnels, the editor for a new one, and one campaign's
// funnel, leaderboard and rewards (/acquisition/fission, /new, /:id).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { FissionDetail } from "./FissionDetail.tsx";
import { FissionEditor } from "./FissionEditor.tsx";
import { FissionList } from "./FissionList.tsx";

export function FissionPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<FissionList corpId={corpId} />} />
          <Route path="new" element={<FissionEditor corpId={corpId} />} />
          <Route path=":id" element={<FissionDetail corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
