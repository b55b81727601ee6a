// 引流获客 → 渠道活码: the list, the create and edit form, and one code's detail, as sub-routes of the
// navigation entry (/acquisition/live-codes, /new, /:id, /:id/edit).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../NotFoundPage.tsx";
import { LiveCodeDetail } from "./LiveCodeDetail.tsx";
import { LiveCodeEditor } from "./LiveCodeEditor.tsx";
import { LiveCodeList } from "./LiveCodeList.tsx";

export function LiveCodesPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<LiveCodeList corpId={corpId} />} />
          <Route path="new" element={<LiveCodeEditor corpId={corpId} />} />
          <Route path=":id" element={<LiveCodeDetail corpId={corpId} />} />
          <Route path=":id/edit" element={<LiveCodeEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
